"""Roles: permission groups that staff assign to users in the dashboard or the
admin. New users have none."""

from django.db import migrations

MODEL_ACTIONS = {
    "add": ("add", "change", "delete", "view"),
    "edit": ("change", "view"),
    "view": ("view",),
}

ROLES = {
    "Catalogue manager": {
        "catalogue.product": "add",
        "catalogue.category": "add",
        "catalogue.productimage": "add",
        "catalogue.productcategory": "add",
        "catalogue.productclass": "add",
        "catalogue.productattribute": "add",
        "catalogue.productattributevalue": "add",
        "catalogue.attributeoptiongroup": "add",
        "catalogue.attributeoption": "add",
        "catalogue.option": "add",
        "catalogue.productrecommendation": "add",
        "partner.stockrecord": "add",
        "partner.partner": "view",
        "reviews.productreview": "edit",
    },
    "Order manager": {
        "order.order": "edit",
        "order.line": "view",
        "order.orderstatuschange": "view",
        "order.ordernote": "add",
        "order.shippingaddress": "edit",
        "order.paymentevent": "add",
        "order.shippingevent": "add",
        "payment.source": "view",
        "payment.transaction": "view",
        "accounts.user": "view",
    },
    "Support": {
        "order.order": "view",
        "order.line": "view",
        "order.ordernote": "add",
        "accounts.user": "view",
        "accounts.profile": "view",
        "address.useraddress": "view",
        "reviews.productreview": "edit",
    },
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure the
    # ones the roles need exist already.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model_label, level in models.items():
            app_label, model = model_label.split(".")
            codenames = [f"{action}_{model}" for action in MODEL_ACTIONS[level]]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("catalogue", "0033_category_uuid_product_uuid_productimage_uuid"),
        ("reviews", "0006_productreview_uuid"),
        ("partner", "0007_partneraddress_code"),
        ("order", "0022_line_uuid_order_uuid"),
        ("payment", "0005_auto_20200801_0817"),
        ("address", "0008_useraddress_uuid"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
