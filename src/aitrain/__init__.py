"""aitrain: a hands-on Jupyter curriculum on AI for public services.

Layout rule, one place for each kind of file; imports only point down this picture:

    aitrain.tooling.cli        the `aitrain` command: the one place that composes tooling and grading
         |            \\
    aitrain.tooling   aitrain.grading      author and trainer tooling | the grading pipeline (never each other)
            \\          /
            aitrain.base                   what both need: module catalogue, edition, page shell, console,
                 |                         timing, nbgrader's stages
    aitrain.* (top level)                  what a notebook imports

- ``aitrain.*`` (this folder's top level) is what a notebook may import: ``feedback`` and ``plotting``,
  ``datasets`` (the loader and the generators of the course's data), ``exercises`` (one checking file per
  module, named after the module's folder), ``i18n`` (the language of the messages; catalogues in ``locale/``)
  and the domain helpers (``targeting``, ``small_area``, ``satellite``, ...). ``paths`` and ``errors`` sit here
  too because ``datasets`` needs them.
- ``aitrain.base`` is what the tooling and grading both need: the module catalogue, the page shell
  (``pages`` and ``templates/``) of every HTML page, the console and its error wrapper, timing estimates,
  nbgrader's stages (release, feedback, autograde) and the trainer texts in the course's language.
- ``aitrain.tooling`` is the author and trainer tooling that no notebook imports: the ``aitrain`` command
  line, release, translations, the WELCOME builder, syllabus, trainer guide, doctor, lab launcher, offline kit,
  web site (book), papermill runs and their report, the classroom server.
- ``aitrain.grading`` is the grading pipeline: intake, sandboxed autograding, feedback pages and the cohort
  report, working in the trainer's course directory (``aitrain course init``; not a participant's folder, their own
  copy of the notebooks).
- ``aitrain.course`` is only a shim: course directories made before 0.2 name ``aitrain.course.nbgrader_setup`` in
  their nbgrader_config.py.
"""

__version__ = "0.1.0"


from aitrain import category_names, i18n  # noqa: E402 (after the version, as the package's only actions)
from aitrain.figure_texts import record_when_asked  # noqa: E402
from aitrain.threads import one_thread_in_a_kernel  # noqa: E402

one_thread_in_a_kernel()
record_when_asked()  # AITRAIN_SCREEN_TEXTS: the figures' texts in their outputs, for counting (aitrain.figure_texts)
i18n.when_translated(record_when_asked)  # a translated notebook: its figures' texts, and the data's values shown
i18n.when_translated(category_names.install)  # in its language (aitrain.category_names)
