"""Events other apps listen to (certificates issue on completion; onboarding advances).

Sent by the courses app with ``sender`` the model class of the thing that completed. Listen to ``quiz_passed``
and ``course_completed``, not to attempt-level results: they say what ``courses.queries.quiz_passed`` and
``courses.queries.course_completed`` say, and neither is ever taken back.
"""

from __future__ import annotations

from django.dispatch import Signal

# A learner finished a course: every lesson done and every required quiz passed (the enrolment is marked complete).
# kwargs: user (auth.User), course (courses.CoursePage), completed_at (aware datetime)
course_completed = Signal()

# A learner's result on a quiz, by its grading method, became passed; sent once, after the transaction commits.
# kwargs: user (auth.User), quiz (courses.Quiz), passed_at (aware datetime)
quiz_passed = Signal()

# A quiz attempt's result became final (at submit, or when the last essay was graded by a person); not for practice.
# One attempt passing is not the quiz passed (see quiz_passed); the quiz benchmark counts gradings with it.
# kwargs: attempt (the attempt), passed (bool)
attempt_finalised = Signal()
