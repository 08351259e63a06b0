"""gunicorn settings; gunicorn reads ./gunicorn.conf.py from its working directory (the checkout).

gunicorn writes no access log unless told to (`--access-logfile`): the app's own JSON line per
request (app/web/request_log.py) is the access log. Should someone turn gunicorn's on, its
lines hold the path without the query string (a caseload search or an audit search carries
names and ids there), and no referrer or user agent: `%(U)s` is the path alone, `%(r)s` and
`%(q)s` would add the query. Activation codes in a path are redacted by app/web/security.py.
"""

access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
