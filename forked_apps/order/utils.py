"""Oscar's OrderCreator, writing an order's lines in bulk and recording its
discounts under the vouchers' row locks."""

from decimal import Decimal

from django.conf import settings
from django.db.models import F, Q
from oscar.apps.order.signals import order_placed
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_model

from project.core.exceptions import Conflict

ConditionalOffer = get_model("offer", "ConditionalOffer")
Line = get_model("order", "Line")
LinePrice = get_model("order", "LinePrice")
LineAttribute = get_model("order", "LineAttribute")
OrderDiscount = get_model("order", "OrderDiscount")
OrderLineDiscount = get_model("order", "OrderLineDiscount")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")


class OrderCreator(OscarOrderCreator):
    def place_order(
        self,
        basket,
        total,
        shipping_method,
        shipping_charge,
        user=None,
        shipping_address=None,
        billing_address=None,
        order_number=None,
        status=None,
        request=None,
        surcharges=None,
        **kwargs,
    ):
        """Oscar's place_order, in the caller's transaction (order_place's),
        with three changes: lines, their prices and attributes are written in
        one INSERT each instead of several per line; the order number is not
        looked up first (its unique index refuses a duplicate); and stock is
        not touched (the inventory allocated it before, under row locks)."""
        if basket.is_empty:
            raise ValueError("Empty baskets cannot be submitted")
        order_number = order_number or OrderNumberGenerator().order_number(basket)
        order = self.create_order_model(
            user,
            basket,
            shipping_address,
            shipping_method,
            shipping_charge,
            billing_address,
            total,
            order_number,
            status or settings.OSCAR_INITIAL_ORDER_STATUS,
            request,
            surcharges=surcharges,
            **kwargs,
        )
        self.record_offers_and_vouchers(order, basket, shipping_method, user)
        self.create_lines(order, basket.all_lines())
        order_placed.send(sender=self, order=order, user=user)
        return order

    def record_offers_and_vouchers(self, order, basket, shipping_method, user):
        """Oscar's voucher checks and discount records (as in its place_order),
        with three changes. The basket's vouchers are locked (FOR UPDATE, in
        primary-key order) and checked again: one that can no longer be used
        (expired, or used meanwhile by a concurrent checkout) is a Conflict
        `voucher_unavailable`, and the caller's transaction creates nothing.
        Only vouchers that gave this order a discount count as used. Usage
        counters move by UPDATE, so concurrent orders lose none."""
        vouchers = list(basket.vouchers.select_for_update().order_by("pk"))
        for voucher in vouchers:
            reason = voucher.unusable_reason(user)
            if reason is not None:
                raise Conflict(
                    f"{reason[1]} Remove it from the basket to check out.",
                    code="voucher_unavailable",
                )
        self._order_discounts, self._voucher_discounts = {}, {}
        used = {}
        for application in basket.offer_applications:
            application["message"] = application["offer"].apply_deferred_benefit(
                basket, order, application
            )
            if application["result"].affects_shipping:
                shipping_discount = shipping_method.discount(basket)
                if shipping_discount <= Decimal("0.00"):
                    continue
                application["discount"] = shipping_discount
            self.create_discount_model(order, application)
            self.record_discount(application)
            if application["voucher"]:
                used[application["voucher"].pk] = application["voucher"]
        for voucher in used.values():
            self.record_voucher_usage(order, voucher, user)

    def create_discount_model(self, order, discount):
        """Oscar's OrderDiscount, with the offer's name written at once (its
        save() would load the offer for it): the order's snapshot of the
        discount (voucher code, offer name, amount)."""
        offer, voucher, result = (
            discount["offer"],
            discount.get("voucher"),
            discount["result"],
        )
        category = OrderDiscount.BASKET
        if result.affects_shipping:
            category = OrderDiscount.SHIPPING
        elif result.affects_post_order:
            category = OrderDiscount.DEFERRED
        order_discount = OrderDiscount.objects.create(
            order=order,
            category=category,
            message=discount["message"] or "",
            offer_id=offer.id,
            offer_name=offer.name,
            voucher_id=voucher.id if voucher else None,
            voucher_code=voucher.code if voucher else "",
            frequency=discount["freq"],
            amount=discount["discount"],
        )
        self._order_discounts[offer.id] = order_discount
        return order_discount

    def record_discount(self, discount):
        """Oscar's offer statistics, as increments in the database (an offer
        that reaches its global limits is consumed); the voucher's share is
        added with its usage (record_voucher_usage), in one UPDATE."""
        offer, voucher = discount["offer"], discount.get("voucher")
        ConditionalOffer.objects.filter(pk=offer.pk).update(
            num_applications=F("num_applications") + discount["freq"],
            total_discount=F("total_discount") + discount["discount"],
            num_orders=F("num_orders") + 1,
        )
        if offer.max_global_applications or offer.max_discount:
            ConditionalOffer.objects.filter(pk=offer.pk, status=offer.OPEN).filter(
                Q(
                    max_global_applications__isnull=False,
                    num_applications__gte=F("max_global_applications"),
                )
                | Q(max_discount__isnull=False, total_discount__gte=F("max_discount"))
            ).update(status=offer.CONSUMED)
        if voucher:
            self._voucher_discounts[voucher.pk] = (
                self._voucher_discounts.get(voucher.pk, Decimal("0.00"))
                + discount["discount"]
            )

    def record_voucher_usage(self, order, voucher, user):
        """Oscar's usage record (what single-use and once-per-customer
        vouchers are checked against), its order counter and the discount it
        gave, as increments."""
        VoucherApplication.objects.create(
            voucher=voucher,
            order=order,
            user=user if user and user.is_authenticated else None,
        )
        Voucher.objects.filter(pk=voucher.pk).update(
            num_orders=F("num_orders") + 1,
            total_discount=F("total_discount")
            + self._voucher_discounts.get(voucher.pk, Decimal("0.00")),
        )

    def create_lines(self, order, basket_lines) -> list:
        """Every line in basket order (so line pks keep the order the customer
        saw), then their price breakdowns and attributes, one INSERT each."""
        lines = Line.objects.bulk_create(
            [self.line_model(order, basket_line) for basket_line in basket_lines]
        )
        prices, attributes, discounts = [], [], []
        for line, basket_line in zip(lines, basket_lines, strict=True):
            for incl_tax, excl_tax, quantity in basket_line.get_price_breakdown():
                prices.append(
                    LinePrice(
                        order=order,
                        line=line,
                        quantity=quantity,
                        price_incl_tax=incl_tax,
                        price_excl_tax=excl_tax,
                        tax_code=basket_line.tax_code,
                    )
                )
            attributes.extend(
                LineAttribute(
                    line=line,
                    option=attribute.option,
                    type=attribute.option.code,
                    value=attribute.value,
                )
                for attribute in basket_line.attributes.all()
            )
            discounts.extend(self.line_discount_models(line, basket_line))
        LinePrice.objects.bulk_create(prices)
        if attributes:
            LineAttribute.objects.bulk_create(attributes)
        if discounts:
            OrderLineDiscount.objects.bulk_create(discounts)
        return lines

    def line_discount_models(self, line, basket_line) -> list:
        """The unsaved share of each order discount one line took (Oscar's
        create_line_discount_models, without a query per line)."""
        order_discounts = getattr(self, "_order_discounts", {})
        return [
            OrderLineDiscount(
                line=line,
                order_discount=order_discounts[discount.offer.id],
                is_incl_tax=discount.incl_tax,
                amount=discount.amount,
            )
            for discount in basket_line.discounts
            if discount.offer is not None and discount.offer.id in order_discounts
        ]

    def line_model(self, order, basket_line) -> Line:
        """The unsaved order line of a basket line: Oscar's fields
        (create_line_models), plus the product's slug at purchase time."""
        product, stockrecord = basket_line.product, basket_line.stockrecord
        partner = stockrecord.partner
        return Line(
            order=order,
            partner=partner,
            partner_name=partner.name,
            partner_sku=stockrecord.partner_sku,
            stockrecord=stockrecord,
            product=product,
            product_slug=product.slug,
            title=product.get_title(),
            upc=product.upc,
            quantity=basket_line.quantity,
            line_price_excl_tax=basket_line.line_price_excl_tax_incl_discounts,
            line_price_incl_tax=basket_line.line_price_incl_tax_incl_discounts,
            line_price_before_discounts_excl_tax=basket_line.line_price_excl_tax,
            line_price_before_discounts_incl_tax=basket_line.line_price_incl_tax,
            unit_price_incl_tax=basket_line.unit_price_incl_tax,
            unit_price_excl_tax=basket_line.unit_price_excl_tax,
            tax_code=basket_line.tax_code,
            num_allocated=basket_line.quantity,
            status=settings.OSCAR_INITIAL_LINE_STATUS,
        )
