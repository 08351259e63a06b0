""""Call me" is always one tap away."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import CallRequest, Citizen
from tests.helpers import csrf_token


def test_it_is_on_every_citizen_page(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    for path in ("/today", "/week", "/my-data", "/day/2026-11-16"):
        assert 'action="/call-me"' in client.get(path).get_data(as_text=True)


def test_it_asks_the_consultant_to_call(citizen_client: tuple[FlaskClient, Citizen], db: Session) -> None:
    client, citizen = citizen_client
    token = csrf_token(client, "/today")
    response = client.post("/call-me", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    client.post("/call-me", data={"csrf_token": token})  # a second tap
    assert [call.citizen_id for call in db.exec(select(CallRequest)).all()] == [citizen.id]
