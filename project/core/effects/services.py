"""`side_effect_once`: run an effect at most once per key, at least once
per successful run of its task."""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from project.core.effects.models import SideEffect


def side_effect_once(*, key: str, effect: Callable[[], None]) -> bool:
    """Run `effect` unless an effect with `key` already ran; True when it ran.

    The key's row is inserted first and commits only after `effect` returns:
    a concurrent run waits on the unique index and then skips; an effect
    that raises (or a worker killed mid-way) leaves no row, so the retried
    task runs it again. An email handed to the mail server just before a
    crash can therefore go out twice, never zero times."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SideEffect.objects.create(key=key)
        except IntegrityError:
            return False
        effect()
    return True
