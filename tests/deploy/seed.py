"""Data for the deployment tests, made in the deployment's own database by
the shop's services (run as `python -m tests.deploy.seed SPEC` with the
deployment's environment). Prints JSON: per product its slug, per buyer an
access token, and a dashboard session for a staff user.

SPEC is JSON: {"products": {"name": stock}, "buyers": {"group": count},
"logins": {"email": "password"}, "staff": true}."""

import json
import sys


def main(spec: dict) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework_simplejwt.tokens import RefreshToken

    from tests.factories import UserFactory, make_product

    out = {"products": {}, "buyers": {}}
    for name, stock in spec.get("products", {}).items():
        out["products"][name] = make_product(name, stock=stock).slug
    for group, count in spec.get("buyers", {}).items():
        # Buyers use tokens: no password to hash (0.3 s each in production).
        users = [
            UserFactory(email=f"{group}-{n}@example.com", password=None)
            for n in range(count)
        ]
        out["buyers"][group] = [
            {"email": u.email, "token": str(RefreshToken.for_user(u).access_token)}
            for u in users
        ]
    for email, password in spec.get("logins", {}).items():
        UserFactory(email=email, password=password)
    if spec.get("staff"):
        staff = UserFactory(
            email="ops-admin@example.com", is_staff=True, is_superuser=True
        )
        session = SessionStore()
        session[SESSION_KEY] = str(staff.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
        session.create()
        out["staff_session"] = session.session_key
    return out


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
