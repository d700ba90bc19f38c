"""Oscar's OrderCreator, with two methods changed for our checkout."""

from oscar.apps.order.utils import OrderCreator as OscarOrderCreator


class OrderCreator(OscarOrderCreator):
    def create_line_models(self, order, basket_line, extra_line_fields=None):
        """Oscar's line, plus the product's slug at the time of purchase."""
        extra = {"product_slug": basket_line.product.slug, **(extra_line_fields or {})}
        return super().create_line_models(order, basket_line, extra_line_fields=extra)

    def update_stock_records(self, line):
        """Nothing per line: order_place locks the stock records, checks
        availability (Oscar's allocate() checks nothing) and allocates every
        line in one UPDATE."""
