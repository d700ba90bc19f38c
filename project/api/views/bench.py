"""/bench/bare: the bench's yardstick (BENCH_BARE_VIEW=1 only). A DRF view
that does no work and answers a small JSON through our whole stack (the
middleware, DRF's dispatch, authentication, the JSON renderer), so the
bench can say how close the catalogue's cached reads come to the limit of
this stack on this machine."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView


@extend_schema(exclude=True)
class BareView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        return Response({"status": "ok", "items": [1, 2, 3]})
