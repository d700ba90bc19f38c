from rest_framework.permissions import SAFE_METHODS, BasePermission

from project.accounts.permissions import staff_can

ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class StaffWriteOrReadOnly(BasePermission):
    """Anyone reads; writes need the staff right for the view's model
    (`staff_model = "catalogue.product"` on the view), see
    project.accounts.permissions.staff_can."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        app_label, model = view.staff_model.split(".")
        return staff_can(
            request.user, f"{app_label}.{ACTIONS.get(request.method, 'change')}_{model}"
        )


class StaffOnly(BasePermission):
    """Only users with the staff right on the view's model, for every method
    (the action follows the method unless the view sets `staff_action`)."""

    def has_permission(self, request, view):
        app_label, model = view.staff_model.split(".")
        action = getattr(view, "staff_action", None) or ACTIONS.get(
            request.method, "view"
        )
        return staff_can(request.user, f"{app_label}.{action}_{model}")
