from django.urls import path

from households import apis

urlpatterns = [
    path("households", apis.HouseholdListApi.as_view(), name="household-list"),
    path("households/<uuid:household_id>", apis.HouseholdDetailApi.as_view(),
         name="household-detail"),
    path("households/<uuid:household_id>/members", apis.MemberListApi.as_view(),
         name="household-members"),
    path("households/<uuid:household_id>/members/<uuid:user_id>",
         apis.MemberDetailApi.as_view(), name="household-member"),
    path("households/<uuid:household_id>/invites", apis.InviteCreateApi.as_view(),
         name="household-invites"),
    path("households/<uuid:household_id>/invites/<str:token>", apis.InviteRevokeApi.as_view(),
         name="household-invite"),
    path("invites/<str:token>", apis.InviteDetailApi.as_view(), name="invite-detail"),
    path("invites/<str:token>/accept", apis.InviteAcceptApi.as_view(), name="invite-accept"),
]
