"""Background work of the compliance app."""

from django_tasks import task

from compliance.models import Letter


@task()
def render_letter_pdf(letter_id: int) -> str:
    """Render and store a letter's PDF; returns its SHA-256."""
    from compliance.services import letter_pdf_render

    letter = Letter.objects.select_related("cooperative", "cooperative__desa", "cooperative__desa__parent").get(pk=letter_id)
    if letter.pdf_rendered_at:
        return letter.pdf_sha256
    return letter_pdf_render(letter=letter).pdf_sha256
