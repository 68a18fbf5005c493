"""Models of the courses app, one module per topic, re-exported here."""

from .bank import Category, Choice, Difficulty, Question, QuestionTag, QuestionType, TextFormat
from .learning import Answer, Attempt, AttemptState, Enrolment, LessonCompletion, TimeAccommodation
from .pages import Audience, CourseIndexPage, CoursePage, LessonPage
from .quizzes import GradingMethod, Layout, Quiz, QuizQuestion, QuizRule, ReviewWhen

__all__ = [
    "Answer",
    "Attempt",
    "AttemptState",
    "Audience",
    "Category",
    "Choice",
    "CourseIndexPage",
    "CoursePage",
    "Difficulty",
    "Enrolment",
    "GradingMethod",
    "Layout",
    "LessonCompletion",
    "LessonPage",
    "Question",
    "QuestionTag",
    "QuestionType",
    "Quiz",
    "QuizQuestion",
    "QuizRule",
    "ReviewWhen",
    "TextFormat",
    "TimeAccommodation",
]
