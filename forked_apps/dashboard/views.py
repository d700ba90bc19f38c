"""The dashboard's index page, with the KPI charts of the last 30 days for
those who may see orders."""

from oscar.apps.dashboard import views as oscar_views

from forked_apps.dashboard.reports import selectors
from forked_apps.dashboard.reports.views import chart_data


class IndexView(oscar_views.IndexView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.request.user.has_perm("order.view_order"):
            kpis = selectors.kpis(selectors.Period.last_days(30))
            ctx["kpis"] = kpis
            ctx["chart_data"] = chart_data(kpis)
        return ctx
