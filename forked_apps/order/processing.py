"""Oscar's order event handler, moving statuses through our service, so the
dashboard changes statuses exactly as the API does (pipeline, tracking
number, stock, refunds, history with who)."""

from oscar.apps.order.processing import EventHandler as OscarEventHandler

from forked_apps.order.services import order_status_change


class EventHandler(OscarEventHandler):
    def handle_order_status_change(
        self, order, new_status, note_msg=None, tracking_number=None
    ):
        order_status_change(
            order=order,
            status=new_status,
            by=self.user,
            tracking_number=tracking_number,
        )
        if note_msg:
            self.create_note(order, note_msg)
