"""Product bulk actions of the dashboard: Oscar's, plus stock, category,
soft delete and restore. Writes go through the catalogue services, and
every action invalidates the catalogue cache (Oscar's use queryset.update(),
which sends no signal)."""

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.apps.dashboard.catalogue import bulk_actions as oscar_actions
from oscar.core.loading import get_model

from forked_apps.catalogue.services import (
    product_restore,
    product_soft_delete,
    product_update,
)
from forked_apps.dashboard.catalogue.forms import (
    MoveProductsCategoryForm,
    SetProductStockForm,
)
from forked_apps.partner.services import StockChange, stock_import
from project.core.cache import catalogue_cache_invalidate
from project.core.exceptions import ShopError

Product = get_model("catalogue", "Product")


class InvalidatingMixin:
    def execute(self, request, objects, form):
        result = super().execute(request, objects, form)
        catalogue_cache_invalidate(
            product_ids=[product.pk for product in objects], lists=True
        )
        return result


class MakeProductsPublicAction(
    InvalidatingMixin, oscar_actions.MakeProductsPublicAction
):
    label = _("Set active")


class MakeProductsNonPublicAction(
    InvalidatingMixin, oscar_actions.MakeProductsNonPublicAction
):
    label = _("Set inactive")


class SetProductPriceAction(InvalidatingMixin, oscar_actions.SetProductPriceAction):
    pass


class AllOrNothingAction(oscar_actions.ProductIntermediateAction):
    """Applies `apply_one` to every selected product in one transaction:
    the first refusal (e.g. stock below what orders hold) undoes them all."""

    supported_structures = [Product.STANDALONE, Product.PARENT]
    done_message = ""

    def apply_one(self, product, form):
        raise NotImplementedError

    def apply_all(self, products, form):
        for product in products:
            self.apply_one(product, form)

    def execute(self, request, objects, form):
        products = list(objects.order_by("pk"))
        try:
            with transaction.atomic():
                self.apply_all(products, form)
        except ShopError as exc:
            messages.error(
                request, _("Nothing was changed: %(error)s") % {"error": exc.message}
            )
            return
        messages.success(
            request,
            ngettext(self.done_message, self.done_message, len(products))
            % {"count": len(products)},
        )


class SetProductStockAction(AllOrNothingAction):
    label = _("Set stock")
    form_class = SetProductStockForm
    supported_structures = [Product.STANDALONE, Product.CHILD]
    done_message = _("Stock set for %(count)d products.")

    def apply_all(self, products, form):
        stock = form.cleaned_data["stock"]
        stock_import(
            changes=[StockChange(product, stock=stock) for product in products]
        )


class MoveProductsCategoryAction(AllOrNothingAction):
    label = _("Move to category")
    form_class = MoveProductsCategoryForm
    done_message = _("%(count)d products moved.")

    def apply_one(self, product, form):
        product_update(product=product, category=form.cleaned_data["category"])


class SoftDeleteProductsAction(AllOrNothingAction):
    label = _("Delete (can be restored)")
    done_message = _(
        "%(count)d products deleted; they can be restored from the deleted list."
    )

    def apply_one(self, product, form):
        product_soft_delete(product=product)


class RestoreProductsAction(AllOrNothingAction):
    label = _("Restore")
    done_message = _("%(count)d products restored.")

    def apply_one(self, product, form):
        product_restore(product=product)
