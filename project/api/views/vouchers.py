"""Staff endpoints for vouchers (docs/api.md "Vouchers and offers")."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from rest_framework import generics, status
from rest_framework.response import Response

from forked_apps.voucher.selectors import voucher_queryset
from forked_apps.voucher.services import voucher_create
from project.api import examples as ex
from project.api.permissions import StaffOnly
from project.api.serializers.vouchers import VoucherCreateSerializer, VoucherSerializer

Voucher = get_model("voucher", "Voucher")


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Vouchers", ex.VOUCHER_USED), ex.STAFF_ONLY]
    )
)
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

    @extend_schema(
        request=VoucherCreateSerializer,
        responses={201: VoucherSerializer},
        examples=[
            ex.request_example("10 % off from 20.00, once each", ex.VOUCHER_WRITE),
            ex.request_example(
                "5.00 off, one order in all",
                {
                    "code": "sorry-5",
                    "name": "Sorry for the delay",
                    "benefit": {"type": "fixed", "value": "5.00"},
                    "usage": "single_use",
                    "start_datetime": "2026-11-27T00:00:00Z",
                    "end_datetime": "2027-02-27T00:00:00Z",
                },
            ),
            ex.response_example("Created", ex.VOUCHER, 201),
            ex.VOUCHER_CODE_TAKEN,
            ex.PERCENTAGE_OVER_100,
            ex.STAFF_ONLY,
        ],
    )
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


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Voucher", ex.VOUCHER_USED), ex.NOT_FOUND]
    )
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
