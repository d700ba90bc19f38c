"""Staff endpoints for vouchers (docs/api.md "Vouchers and offers")."""

from drf_spectacular.utils import extend_schema
from oscar.core.loading import get_model
from rest_framework import generics, status
from rest_framework.response import Response

from forked_apps.voucher.selectors import voucher_queryset
from forked_apps.voucher.services import voucher_create
from project.api.permissions import StaffOnly
from project.api.serializers.vouchers import VoucherCreateSerializer, VoucherSerializer

Voucher = get_model("voucher", "Voucher")


class VoucherAdminList(generics.ListAPIView):
    """Staff: every voucher, newest first (GET); make one (POST): a code
    unique whatever its case, a percentage or fixed benefit, a usage, a
    validity period and an optional minimum spend."""

    serializer_class = VoucherSerializer
    permission_classes = [StaffOnly]
    staff_model = "voucher.voucher"
    queryset = Voucher.objects.none()

    def get_queryset(self):
        return voucher_queryset()

    @extend_schema(request=VoucherCreateSerializer, responses={201: VoucherSerializer})
    def post(self, request):
        serializer = VoucherCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        voucher = voucher_create(
            code=data["code"],
            name=data["name"],
            benefit_type=data["benefit"]["type"],
            benefit_value=data["benefit"]["value"],
            usage=data["usage"],
            start_datetime=data["start_datetime"],
            end_datetime=data["end_datetime"],
            minimum_spend=data.get("minimum_spend"),
        )
        return Response(
            VoucherSerializer(voucher_queryset().get(pk=voucher.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class VoucherAdminDetail(generics.RetrieveAPIView):
    """Staff: one voucher by its id."""

    serializer_class = VoucherSerializer
    permission_classes = [StaffOnly]
    staff_model = "voucher.voucher"
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    queryset = Voucher.objects.none()

    def get_queryset(self):
        return voucher_queryset()
