from oscar.apps.dashboard.reports.models import *
