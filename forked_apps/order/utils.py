"""Oscar's OrderCreator, writing an order's lines in bulk."""

from decimal import Decimal

from django.conf import settings
from oscar.apps.order.signals import order_placed
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_model

Line = get_model("order", "Line")
LinePrice = get_model("order", "LinePrice")
LineAttribute = get_model("order", "LineAttribute")


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
        """Oscar's voucher checks and discount records (as in its place_order)."""
        vouchers = list(basket.vouchers.select_for_update())
        for voucher in vouchers:
            if not voucher.is_active():  # the basket ignores inactive vouchers
                basket.vouchers.remove(voucher)
                continue
            available_to_user, message = voucher.is_available_to_user(user=user)
            if not available_to_user:
                raise ValueError(message)
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
        for voucher in vouchers:
            if voucher.is_active():
                self.record_voucher_usage(order, voucher, user)

    def create_lines(self, order, basket_lines) -> list:
        """Every line in basket order (so line pks keep the order the customer
        saw), then their price breakdowns and attributes, one INSERT each."""
        lines = Line.objects.bulk_create(
            [self.line_model(order, basket_line) for basket_line in basket_lines]
        )
        prices, attributes = [], []
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
            self.create_line_discount_models(order, line, basket_line)
        LinePrice.objects.bulk_create(prices)
        if attributes:
            LineAttribute.objects.bulk_create(attributes)
        return lines

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
