"""Oscar's classic reports (orders, products, users, baskets, offers,
vouchers) write their CSV through this formatter, loaded with
get_class("dashboard.reports.reports", ...): cells a spreadsheet would run as
formulas are made inert (project.core.spreadsheets)."""

from oscar.apps.dashboard.reports import reports as oscar_reports
from oscar.apps.dashboard.reports.reports import *  # noqa: F403  (every other name falls back to Oscar)

from project.core.spreadsheets import csv_writer


class ReportCSVFormatter(oscar_reports.ReportCSVFormatter):
    def get_csv_writer(self, file_handle, **kwargs):
        return csv_writer(file_handle, **kwargs)
