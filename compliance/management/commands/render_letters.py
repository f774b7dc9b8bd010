"""Render the PDF of every letter that has none (letters issued with ``render=False``, or whose
background render never ran), so that every download is served at once."""

from django.core.management.base import BaseCommand

from compliance.services import letters_render_missing


class Command(BaseCommand):
    help = "Render the PDFs of the letters that lack one."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=0, help="render at most this many (0: all)")

    def handle(self, *args, limit=0, **options):
        letters = letters_render_missing(limit=limit or None)
        for letter in letters:
            self.stdout.write(letter.number)
        self.stdout.write(self.style.SUCCESS(f"{len(letters)} surat dibuatkan PDF."))
