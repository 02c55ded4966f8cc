"""Who may do what with a pipeline: the scenarios' rules (scenarios/access.py).
Strangers get 404 on every URL, fragments and exports included; someone who can
see a pipeline but not change it gets 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from scenarios import audit

from .models import Pipeline


def get_visible_pipeline(request, pk):
    try:
        pipeline = Pipeline.objects.select_related("owner").get(pk=pk)
    except Pipeline.DoesNotExist:
        pipeline = None
    if pipeline is None or not pipeline.is_visible_to(request.user):
        audit.record("access_denied", request, pipeline_id=pk, status=404, path=request.path[:200])
        raise Http404("No such pipeline.")
    return pipeline


def _deny(request, pipeline, message):
    audit.record("access_denied", request, pipeline_id=pipeline.pk, status=403, path=request.path[:200])
    raise PermissionDenied(message)


def get_editable_pipeline(request, pk):
    """For the owner and users the owner gave edit rights."""
    pipeline = get_visible_pipeline(request, pk)
    if not pipeline.can_edit(request.user):
        _deny(request, pipeline, "You can look at this pipeline but not change it.")
    return pipeline


def get_owned_pipeline(request, pk):
    """For the owner only: deleting and sharing."""
    pipeline = get_visible_pipeline(request, pk)
    if pipeline.owner_id != request.user.pk:
        _deny(request, pipeline, "Only the owner can do this.")
    return pipeline
