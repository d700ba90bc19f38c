"""oscarapi's checkout-module views, changed to our contract."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from oscarapi.views import checkout as oscarapi_checkout
from rest_framework import permissions

from forked_apps.address.services import address_delete, address_save
from project.api.openapi import CONFLICT
from project.api.serializers.checkout import UserAddress, UserAddressSerializer


@extend_schema_view(
    post=extend_schema(responses={201: UserAddressSerializer, 409: CONFLICT})
)
class UserAddressList(oscarapi_checkout.UserAddressList):
    """The signed-in user's address book (API.md "Auth and accounts")."""

    serializer_class = UserAddressSerializer
    permission_classes = [permissions.IsAuthenticated]

    queryset = UserAddress.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return UserAddress.objects.filter(user=self.request.user).select_related(
            "country"
        )

    def perform_create(self, serializer):
        serializer.instance = address_save(
            address=UserAddress(user=self.request.user, **serializer.validated_data)
        )


@extend_schema_view(
    patch=extend_schema(responses={200: UserAddressSerializer, 409: CONFLICT})
)
class UserAddressDetail(oscarapi_checkout.UserAddressDetail):
    """One of the signed-in user's addresses by its UUID; anyone else's is a 404."""

    serializer_class = UserAddressSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    queryset = UserAddress.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return UserAddress.objects.filter(user=self.request.user).select_related(
            "country"
        )

    def perform_update(self, serializer):
        for name, value in serializer.validated_data.items():
            setattr(serializer.instance, name, value)
        address_save(address=serializer.instance)

    def perform_destroy(self, instance):
        address_delete(address=instance)
