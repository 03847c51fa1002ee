"""A tiny route that writes one row, to test `idempotent` apart from any real endpoint."""

import threading

from django.urls import path
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from inventory.models import Location
from tracktory.api.idempotency import idempotent


class Gate:
    """Holds the handler between entering and writing, so a test can line up a rival."""

    def __init__(self):
        self.entered = threading.Event()
        self.release = threading.Event()
        self.active = False

    def pass_through(self):
        if self.active:
            self.entered.set()
            assert self.release.wait(timeout=30), "the test never released the gate"


class WriteOnceApi(APIView):
    gate = Gate()

    @idempotent
    def post(self, request):
        self.gate.pass_through()
        if not isinstance(request.data.get("name"), str):
            return Response({"detail": "name needed"}, status=status.HTTP_400_BAD_REQUEST)
        location = Location.objects.create(owner=request.user, name=request.data["name"])
        response = Response({"id": str(location.id), "name": location.name},
                            status=status.HTTP_201_CREATED)
        response["ETag"] = f'"{location.id}"'
        return response


urlpatterns = [
    path("api/write-once", WriteOnceApi.as_view(), name="write-once"),
    path("api/write-once-elsewhere", WriteOnceApi.as_view(), name="write-once-elsewhere"),
]
