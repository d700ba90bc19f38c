"""The demo shop loads, and loads again without duplicating anything."""

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from project.accounts.models import User
from project.cms.models import ContentPage

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")


def counts():
    return (
        Product.objects.count(),
        Category.objects.count(),
        User.objects.count(),
        ProductReview.objects.count(),
        Order.objects.count(),
        ContentPage.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_makes_a_believable_shop_once(api_client):
    call_command("seed_demo", products=30, customers=4, verbosity=0)
    first = counts()

    call_command("seed_demo", products=30, customers=4, verbosity=0)

    assert counts() == first
    products, categories, users, reviews, orders, pages = first
    assert (
        products == 30 and categories > 10 and users == 4 and orders > 0 and pages == 3
    )
    from forked_apps.partner.models import StockRecord
    from forked_apps.voucher.models import Voucher

    assert Voucher.objects.filter(code="WELCOME10").count() == 1
    assert StockRecord.objects.filter(low_stock_threshold=10).count() == 3
    listed = api_client.get("/api/v1/products/?page_size=100").json()["results"]
    assert listed and all(
        item["price"] and item["images"] and item["category"] for item in listed
    )
    assert {o.status for o in Order.objects.all()} <= {
        "pending",
        "paid",
        "shipped",
        "delivered",
        "cancelled",
    }


@pytest.mark.django_db
def test_seed_demo_if_empty_leaves_a_shop_alone():
    call_command("seed_demo", products=5, customers=1, verbosity=0)

    call_command("seed_demo", products=50, customers=1, if_empty=True, verbosity=0)

    assert Product.objects.count() == 5
