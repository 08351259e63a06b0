"""gunicorn settings; gunicorn reads ./gunicorn.conf.py from its working directory (the checkout).

gunicorn writes no access log unless told to (`--access-logfile`): the app's own JSON line per
request (app/web/request_log.py) is the access log. Should someone turn gunicorn's on, its
lines hold the path without the query string (a caseload search or an audit search carries
names and ids there), and no referrer or user agent: `%(U)s` is the path alone, `%(r)s` and
`%(q)s` would add the query. Activation codes in a path are redacted by app/web/security.py.
"""

access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


def post_worker_init(worker: object) -> None:
    """Once the worker has built the app, move everything it made so far out of the collector's sight.

    Python's full garbage collections walk every live object: the modules, templates and catalogs of a
    loaded app are most of them, so a request that allocates much (the review list) now and then paid
    tens of milliseconds for walking them. Frozen, they are never walked again (they live as long as the
    worker anyway); the requests' own objects are collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()
