"""Events other apps listen to (certificates issue on completion; onboarding advances).

Sent by the courses app with ``sender`` the model class of the thing that completed.
"""

from django.dispatch import Signal

# A learner finished a course: every lesson done and every required quiz passed.
# kwargs: user (auth.User), course (courses.CoursePage), completed_at (aware datetime)
course_completed = Signal()

# A quiz attempt's result became final (at submit, or when the last essay was graded by a person).
# kwargs: attempt (the attempt), passed (bool)
attempt_finalised = Signal()

# A person's result on a quiz became passed (by the quiz's grading method), sent once the change is committed.
# kwargs: user (auth.User), quiz (courses.Quiz), passed_at (aware datetime)
quiz_passed = Signal()
