"""Thin views of the household API: parse, call one service or selector, shape the output."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from households import selectors, services
from households.serializers import (
    HouseholdDeleteParamsSerializer,
    HouseholdInSerializer,
    HouseholdOutSerializer,
    InviteOutSerializer,
    InvitePreviewSerializer,
    MemberOutSerializer,
    RoleInSerializer,
)
from tracktory.api.idempotency import idempotent
from tracktory.api.validation import valid

TAGS = ["households"]
# The PWA page an invitation link opens (it signs the person in, then accepts).
INVITE_PAGE = "/invite/{token}"


def household_response(*, user, household_id, status_code=status.HTTP_200_OK) -> Response:
    household = selectors.household_get(user=user, household_id=household_id)
    return Response(HouseholdOutSerializer(household).data, status=status_code)


class HouseholdListApi(APIView):
    @extend_schema(operation_id="households_list", tags=TAGS,
                   responses=HouseholdOutSerializer(many=True))
    def get(self, request):
        households = selectors.households_for(user=request.user)
        return Response(HouseholdOutSerializer(households, many=True).data)

    @extend_schema(operation_id="households_create", tags=TAGS, request=HouseholdInSerializer,
                   responses={201: HouseholdOutSerializer})
    @idempotent
    def post(self, request):
        household = services.household_create(user=request.user,
                                              **valid(HouseholdInSerializer, request.data))
        return household_response(user=request.user, household_id=household.id,
                                  status_code=status.HTTP_201_CREATED)


class HouseholdDetailApi(APIView):
    @extend_schema(operation_id="households_retrieve", tags=TAGS,
                   responses=HouseholdOutSerializer)
    def get(self, request, household_id):
        return household_response(user=request.user, household_id=household_id)

    @extend_schema(operation_id="households_partial_update", tags=TAGS,
                   request=HouseholdInSerializer, responses=HouseholdOutSerializer)
    @idempotent
    def patch(self, request, household_id):
        services.household_update(user=request.user, household_id=household_id,
                                  **valid(HouseholdInSerializer, request.data))
        return household_response(user=request.user, household_id=household_id)

    @extend_schema(operation_id="households_destroy", tags=TAGS,
                   parameters=[HouseholdDeleteParamsSerializer], responses={204: None})
    def delete(self, request, household_id):
        params = valid(HouseholdDeleteParamsSerializer, request.query_params.dict())
        services.household_delete(user=request.user, household_id=household_id,
                                  force=params["force"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListApi(APIView):
    @extend_schema(operation_id="household_members_list", tags=TAGS,
                   responses=MemberOutSerializer(many=True))
    def get(self, request, household_id):
        members = selectors.members_of(user=request.user, household_id=household_id)
        return Response(MemberOutSerializer(members, many=True).data)


class MemberDetailApi(APIView):
    @extend_schema(operation_id="household_members_partial_update", tags=TAGS,
                   request=RoleInSerializer, responses=MemberOutSerializer)
    @idempotent
    def patch(self, request, household_id, user_id):
        membership = services.member_update(user=request.user, household_id=household_id,
                                            member_id=user_id,
                                            **valid(RoleInSerializer, request.data))
        return Response(MemberOutSerializer(membership).data)

    @extend_schema(operation_id="household_members_destroy", tags=TAGS,
                   responses={204: None})
    def delete(self, request, household_id, user_id):
        services.member_remove(user=request.user, household_id=household_id,
                               member_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteCreateApi(APIView):
    @extend_schema(operation_id="household_invites_create", tags=TAGS,
                   request=RoleInSerializer, responses={201: InviteOutSerializer})
    @idempotent
    def post(self, request, household_id):
        invite, token = services.invite_create(user=request.user, household_id=household_id,
                                               **valid(RoleInSerializer, request.data))
        return Response(InviteOutSerializer({
            "token": token,
            "url": request.build_absolute_uri(INVITE_PAGE.format(token=token)),
            "role": invite.role,
            "expires_at": invite.expires_at,
        }).data, status=status.HTTP_201_CREATED)


class InviteRevokeApi(APIView):
    @extend_schema(operation_id="household_invites_destroy", tags=TAGS, responses={204: None})
    def delete(self, request, household_id, token):
        services.invite_revoke(user=request.user, household_id=household_id, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteDetailApi(APIView):
    # The token is the secret: a signed-out person sees whom they are invited by before
    # signing in or registering.
    permission_classes = [AllowAny]

    @extend_schema(operation_id="invites_retrieve", tags=TAGS,
                   responses=InvitePreviewSerializer)
    def get(self, request, token):
        return Response(InvitePreviewSerializer(selectors.open_invite(token)).data)


class InviteAcceptApi(APIView):
    @extend_schema(operation_id="invites_accept", tags=TAGS, request=None,
                   responses=HouseholdOutSerializer)
    @idempotent
    def post(self, request, token):
        household = services.invite_accept(user=request.user, token=token)
        return household_response(user=request.user, household_id=household.id)
