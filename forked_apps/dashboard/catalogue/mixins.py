"""The product list's bulk actions (Oscar loads this mixin in its views)."""

from oscar.apps.dashboard.catalogue.mixins import (  # noqa: F401  (Oscar loads these names from here)
    CategoryBulkActionMixin,
    PartnerProductFilterMixin,
)
from oscar.apps.dashboard.catalogue.mixins import (
    ProductBulkActionMixin as OscarProductBulkActionMixin,
)

from forked_apps.dashboard.catalogue import bulk_actions


class ProductBulkActionMixin(OscarProductBulkActionMixin):
    intermediate_actions = {
        "make_products_public": bulk_actions.MakeProductsPublicAction(),
        "make_products_non_public": bulk_actions.MakeProductsNonPublicAction(),
        "set_product_price": bulk_actions.SetProductPriceAction(),
        "set_product_stock": bulk_actions.SetProductStockAction(),
        "move_products_category": bulk_actions.MoveProductsCategoryAction(),
        "soft_delete_products": bulk_actions.SoftDeleteProductsAction(),
        "restore_products": bulk_actions.RestoreProductsAction(),
    }
