"""Locust scenario: women logging today on their phones, consultants reading the review list and timelines.

Needs the JSON written by bench/load_seed.py (device and staff cookies); bench/load.py runs it all.
By hand, against a server started on a seeded database:

    .venv/bin/locust -f bench/locustfile.py --seed-file /tmp/load.json --host http://127.0.0.1:8000 \
        --headless -u 100 -r 20 -t 60s [--no-wait]

CitizenUser (weight 9), one woman per user: opens /today (on her first visit also the stylesheet
and htmx), taps "Yes, all of it" (htmx fetches the follow-up questions), answers and saves with an
htmx POST (HX-Request and X-CSRFToken headers, the form's csrf_token and idempotency_key), then
looks at /week. ConsultantUser (weight 1): the review list /c/, then one or two of her own women's
timelines. Between steps 1-3 s (citizen) or 2-5 s (consultant); --no-wait removes all waits, for
saturation runs. Any unexpected status, and a save the server does not confirm, is a failure.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from urllib.parse import urlencode, urlsplit

from locust import FastHttpUser, events, task
from requests.cookies import create_cookie

_SEED: dict = {}
_NEXT_CITIZEN = itertools.count()
_NEXT_CONSULTANT = itertools.count()

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
_ACTION = re.compile(r'<form id="day-form"[^>]*\saction="([^"]+)"')
_TASK = re.compile(r'name="tasks" value="(\d+)"')
_FULL = 'name="attendance" value="full"'


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--seed-file", type=str, env_var="LOGBOG_LOAD_SEED", default="",
                        help="JSON written by bench/load_seed.py")
    parser.add_argument("--no-wait", action="store_true", default=False, help="no think time (saturation)")


@events.init.add_listener
def _load_seed(environment, **_kwargs) -> None:
    options = environment.parsed_options
    path = getattr(options, "seed_file", "") if options else ""
    if not path:
        raise SystemExit("give --seed-file (or LOGBOG_LOAD_SEED): the JSON written by bench/load_seed.py")
    with open(path, encoding="utf-8") as handle:
        _SEED.update(json.load(handle))


def _no_wait(user: FastHttpUser) -> bool:
    options = user.environment.parsed_options
    return bool(options and getattr(options, "no_wait", False))


def _set_cookie(user: FastHttpUser, name: str, value: str) -> None:
    """Put a cookie in the user's jar for the target host, as if the server had set it earlier."""
    host = urlsplit(user.host).hostname or "127.0.0.1"
    user.client.cookiejar.set_cookie(create_cookie(name, value, domain=host, path="/"))


def _fail(response, what: str) -> None:
    body = (response.text or "")[:200].replace("\n", " ") if response.status_code else str(response.error)
    response.failure(f"{what}: status {response.status_code}: {body}")


class CitizenUser(FastHttpUser):
    """A woman on her phone at the end of a workday."""

    weight = 9

    def wait_time(self) -> float:
        return 0.0 if _no_wait(self) else random.uniform(1.0, 3.0)

    def on_start(self) -> None:
        citizens = _SEED["citizens"]
        self.citizen = citizens[next(_NEXT_CITIZEN) % len(citizens)]
        self.usual_pain = random.Random(self.citizen["id"]).randint(1, 6)
        _set_cookie(self, _SEED["cookie_names"]["device"], self.citizen["cookie"])
        # Her first visit: the page's stylesheet and htmx (later visits have them cached).
        for path in ("/static/css/app.css", "/static/vendor/htmx-2.0.11/htmx.min.js"):
            with self.client.get(path, name="GET /static (first visit)", catch_response=True) as response:
                if response.status_code != 200:
                    _fail(response, "static")

    @task
    def log_today(self) -> None:
        with self.client.get("/today", name="GET /today", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                return _fail(response, "today")
            html = response.text or ""
            csrf, key, action = _CSRF.search(html), _KEY.search(html), _ACTION.search(html)
            if not (csrf and key and action):
                return _fail(response, "no day form (csrf_token, idempotency_key, action)")
            if _FULL not in html:
                return _fail(response, "today is not a planned day")
            tasks = _TASK.findall(html)
        save_url, token = action.group(1), csrf.group(1)
        htmx = {"HX-Request": "true", "HX-Current-URL": f"{self.host}/today", "X-CSRFToken": token}
        self.wait()

        # She taps "Yes, all of it": htmx swaps in the follow-up questions (none for a full day).
        with self.client.get(f"{save_url}/followups?attendance=full", name="GET /day/[today]/followups (htmx)",
                             headers={**htmx, "HX-Target": "followups", "HX-Trigger": "q-attendance"},
                             allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                return _fail(response, "followups")
        self.wait()

        done = [task_id for task_id in tasks if random.random() < 0.8]
        fields = [("csrf_token", token), ("idempotency_key", key.group(1)), ("attendance", "full"),
                  ("pain", str(max(0, min(10, self.usual_pain + random.randint(-1, 2))))),
                  ("difficulty", str(random.randint(0, 6))), ("breaks", "none"),
                  *(("tasks", task_id) for task_id in done),
                  *(("hard_tasks", task_id) for task_id in done if random.random() < 0.15),
                  ("evening", str(random.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0])), ("note", "")]
        with self.client.post(save_url, data=urlencode(fields), name="POST /day/[today] (htmx)",
                              headers={**htmx, "HX-Target": "main", "HX-Trigger": "day-form",
                                       "Content-Type": "application/x-www-form-urlencoded"},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                return _fail(response, "save")
            if "notice-ok" not in (response.text or "") or response.headers.get("HX-Push-Url") != "/week":
                return _fail(response, "save not confirmed")
        self.wait()

        with self.client.get("/week", name="GET /week", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200 or "days" not in (response.text or ""):
                return _fail(response, "week")
        return None


class ConsultantUser(FastHttpUser):
    """A consultant at her desk: the review list, then a woman or two."""

    weight = 1

    def wait_time(self) -> float:
        return 0.0 if _no_wait(self) else random.uniform(2.0, 5.0)

    def on_start(self) -> None:
        consultants = _SEED["consultants"]
        self.consultant = consultants[next(_NEXT_CONSULTANT) % len(consultants)]
        _set_cookie(self, _SEED["cookie_names"]["staff"], self.consultant["cookie"])

    @task
    def review(self) -> None:
        # allow_redirects=False: a dead staff session redirects to sign-in, which must count as a failure.
        with self.client.get("/c/", name="GET /c/ (caseload)", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                return _fail(response, "caseload")
        for citizen_id in random.sample(self.consultant["citizen_ids"], random.randint(1, 2)):
            self.wait()
            with self.client.get(f"/c/citizens/{citizen_id}", name="GET /c/citizens/[id] (timeline)",
                                 allow_redirects=False, catch_response=True) as response:
                if response.status_code != 200:
                    return _fail(response, "timeline")
        return None
