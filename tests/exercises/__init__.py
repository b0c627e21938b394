"""Plausible wrong answers for the lessons' exercises, one module per lesson (``lesson_NN.py``).

Each module holds ``WRONG = {k: [(code, words), ...]}``: for the k-th
``### BEGIN SOLUTION`` region of the lesson (counted from 1, in cell order), code
that replaces the region's body (written without its indentation) and the words
the check's ✗ line must contain, which name the kind of mistake. Every
exercise gets at least two. ``tests/test_exercises.py`` runs the lesson once,
and at each region runs every wrong answer and the checks below it instead.
"""
