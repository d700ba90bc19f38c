import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    name = "forked_apps.partner"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_save
        from oscar.apps.partner.receivers import update_stock_alerts
        from oscar.core.loading import get_model

        # Oscar opens alerts from a post_save receiver, which sees only
        # saves (not the inventory's UPDATEs) and a different rule (strictly
        # under the threshold): the inventory (services.py) keeps alerts.
        post_save.disconnect(
            update_stock_alerts, sender=get_model("partner", "StockRecord")
        )
