from oscar.apps.dashboard.reviews.models import *
