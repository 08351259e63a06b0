"""An id no table can hold, in an address or a query, is "not found", never a server error (64-bit ids)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from app.models import StaffUser

TOO_LARGE = str(2**63)


def test_an_address_with_an_id_no_table_can_hold_is_not_found(make_staff: Callable[..., StaffUser],
                                                               sign_in: Callable[..., FlaskClient]) -> None:
    consultant = sign_in(make_staff("consultant"))
    for path in (f"/c/citizens/{TOO_LARGE}", f"/c/citizens/{TOO_LARGE}/placements", f"/c/citizens/1/placements/{TOO_LARGE}"):
        assert consultant.get(path).status_code == 404, path


def test_a_query_with_an_id_no_table_can_hold_is_not_given(make_staff: Callable[..., StaffUser],
                                                           sign_in: Callable[..., FlaskClient]) -> None:
    admin = sign_in(make_staff("admin"))
    assert admin.get("/admin/audit", query_string={"citizen_id": TOO_LARGE}).status_code == 200
    assert admin.get("/admin/audit", query_string={"citizen_id": "-" + TOO_LARGE}).status_code == 200
