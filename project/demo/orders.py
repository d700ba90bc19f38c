"""Demo orders for seed_demo: placed, paid, shipped, delivered and cancelled
through the same services and workflows as the API, spread over the last
30 days."""

import contextlib
import random
from datetime import timedelta

from django.utils import timezone
from oscar.core.loading import get_model

from forked_apps.basket.services import basket_for_user, basket_line_add
from forked_apps.order.services import order_place
from project.core.exceptions import ShopError
from project.workflows.orders import order_cancel_and_refund, order_set_status
from project.workflows.payments import order_pay

Order = get_model("order", "Order")
Country = get_model("address", "Country")

OUTCOMES = [
    Order.PENDING,
    Order.PAID,
    Order.SHIPPED,
    Order.DELIVERED,
    Order.DELIVERED,
    Order.DELIVERED,
    Order.CANCELLED,
]


def seed_demo_orders(
    *, rng: random.Random, products, customers, per_customer=(1, 4)
) -> int:
    """Orders for customers that have none yet. Returns how many were made."""
    buyable = [p for p in products if p.is_public and p.deleted_at is None]
    country = Country.objects.get(iso_3166_1_a2="US")
    made = 0
    for customer in customers:
        if Order.objects.filter(user=customer).exists():
            continue
        for _ in range(rng.randint(*per_customer)):
            basket = basket_for_user(customer)
            for product in rng.sample(buyable, k=rng.randint(1, 3)):
                try:
                    basket_line_add(
                        basket=basket, product=product, quantity=rng.randint(1, 2)
                    )
                except ShopError:
                    continue  # sold out: the customer picks something else
            if not basket.lines.exists():
                continue
            profile = customer.profile
            address = {
                "first_name": profile.first_name or "Demo",
                "last_name": profile.last_name or "Customer",
                "line1": f"{rng.randint(1, 400)} Market Street",
                "line4": "San Francisco",
                "state": "CA",
                "postcode": "94103",
                "country": country,
            }
            try:
                order = order_place(user=customer, shipping_address=address)
            except ShopError:
                continue
            _advance(order, rng.choice(OUTCOMES), rng)
            placed = timezone.now() - timedelta(
                days=rng.randint(0, 29), hours=rng.randint(0, 23)
            )
            Order.objects.filter(pk=order.pk).update(date_placed=placed)
            made += 1
    # Customers also leave baskets behind (the cart-to-order report counts them).
    for customer in rng.sample(customers, k=len(customers) // 3):
        basket = basket_for_user(customer)
        if not basket.lines.exists():
            product = rng.choice(buyable)
            with contextlib.suppress(ShopError):
                basket_line_add(basket=basket, product=product, quantity=1)
    return made


def _advance(order, outcome: str, rng: random.Random) -> None:
    if outcome == Order.PENDING:
        return
    if outcome == Order.CANCELLED:
        order_cancel_and_refund(order=order)
        return
    order_pay(order=order, provider_name="sandbox", token="tok_success")
    if outcome in (Order.SHIPPED, Order.DELIVERED):
        order_set_status(
            order=order,
            status=Order.SHIPPED,
            tracking_number=f"1Z{rng.randint(10**9, 10**10)}",
        )
    if outcome == Order.DELIVERED:
        order_set_status(order=order, status=Order.DELIVERED)
