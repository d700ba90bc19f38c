"""Oscar's default pricing strategy, reading price and stock from the
default partner's stock record, and from a basket line's own stock record
(Oscar's fetch_for_line re-queries the product's stock records per line)."""

from oscar.apps.partner.strategy import Default as OscarDefault
from oscar.apps.partner.strategy import Selector as OscarSelector

from forked_apps.partner.selectors import default_partner_id


class Default(OscarDefault):
    def select_stockrecord(self, product):
        partner_id = default_partner_id()
        for record in product.stockrecords.all():
            if record.partner_id == partner_id:
                return record
        return None

    def fetch_for_line(self, line, stockrecord=None):
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector(OscarSelector):
    def strategy(self, request=None, user=None, **kwargs):
        """The same prices for everyone, so the strategy is not given the
        request: Oscar's would read request.user on every request (Oscar's
        basket middleware asks for a strategy each time), which touches the
        session and makes public catalogue answers `Vary: Cookie`."""
        return Default()
