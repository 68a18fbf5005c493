"""Demo content of the courses app (Chinese, written for this project); ``load()`` is safe to run twice.

Question banks live in ``demo_data/*.gift`` and go through the same GIFT importer social workers use.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .importers import import_file
from .models import Category, CourseIndexPage, CoursePage, LessonPage, Quiz, QuizRule

DATA = Path(__file__).parent / "demo_data"

CATEGORIES = ["工作职责", "服务礼仪", "风险预防", "感染防控", "心理支持", "康复训练协助", "沟通技巧", "法律法规与隐私"]


def p(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def callout(*items: str) -> dict:
    return {
        "type": "callout",
        "value": {"title": "注意事项", "body": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"},
    }


def case(title: str, situation: str, question: str, commentary: str) -> dict:
    return {
        "type": "case_study",
        "value": {
            "title": title,
            "situation": f"<p>{situation}</p>",
            "questions": f"<p>{question}</p>",
            "commentary": f"<p>{commentary}</p>",
        },
    }


COURSES = [
    {
        "slug": "duties-etiquette",
        "title": "岗位职责与服务礼仪",
        "summary": "了解志愿者在医院里能做什么、不能做什么,以及如何用礼貌和尊重服务患者。",
        "audience": "volunteer",
        "hours": "3",
        "objectives": "<ul><li>说出志愿者的服务范围与职责边界</li><li>掌握导医、陪诊中的基本礼仪</li>"
        "<li>知道遇到问题时向谁报告</li></ul>",
        "bank": ("duties.gift", "工作职责"),
        "lessons": [
            (
                "认识双工联动",
                [
                    p(
                        "在“双工联动”模式中,医务社工负责专业评估、个案服务和志愿者的培训督导,志愿者在社工的带领下提供导医、"
                        "陪诊、陪伴和康复训练协助等非医疗性服务。",
                        "志愿者是医护团队的好帮手,但不是医护人员:凡是涉及诊断、治疗、用药和病情解释的事情,都交给专业人员。",
                    ),
                    callout("服务时佩戴志愿者证、穿志愿者马甲", "按时签到、签退", "遇到拿不准的事情,先报告带教社工"),
                ],
            ),
            (
                "志愿者的职责边界",
                [
                    p(
                        "可以做的:导医指引、陪同检查、陪伴聊天、读报讲故事、协助使用自助机、协助社工开展活动。",
                        "不可以做的:任何医疗操作、解释检查结果、签署医疗文书、接受钱物、推销商品。",
                    ),
                    case(
                        "家属的红包",
                        "王阿姨的老伴住院期间,志愿者小李每周都来陪他聊天。出院那天,王阿姨硬要塞给小李一个红包。",
                        "小李应该怎么做?怎样说既坚持原则又不伤害王阿姨的心意?",
                        "礼貌而坚定地婉拒,例如“阿姨,您的心意我领了,看到叔叔康复出院就是对我们最好的感谢”。",
                    ),
                ],
            ),
            (
                "导医与陪诊礼仪",
                [
                    p(
                        "问候用“您好”,称呼用“阿姨”“叔叔”或“您”,不用床号称呼患者。与坐着的患者交谈时蹲下或坐下,保持平视。",
                        "引导时走在患者侧前方一步左右,配合患者的步速,遇到台阶、拐角提前提醒。",
                    ),
                    callout("公共区域不要大声呼喊患者姓名", "不在患者面前讨论病情", "服务时不长时间使用手机"),
                ],
            ),
            (
                "服务记录与请假",
                [
                    p(
                        "每次服务结束后填写服务记录:服务对象(不写全名)、服务内容、发现的问题和需要社工跟进的事项。",
                        "不能按排班到岗时,尽早告知带教社工或排班负责人;未经培训和登记的人不能替岗。",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "risk-safety",
        "title": "风险预防与安全",
        "summary": "跌倒、感染、锐器、火灾与冲突:保护患者,也保护自己。",
        "audience": "volunteer",
        "hours": "3",
        "objectives": "<ul><li>掌握手卫生和个人防护</li><li>知道跌倒、晕倒、针刺伤的应对流程</li>"
        "<li>在火灾和冲突中保护自己和患者</li></ul>",
        "bank": ("risk.gift", "风险预防"),
        "lessons": [
            (
                "手卫生与个人防护",
                [
                    p(
                        "手卫生是预防医院感染最简单、最有效的措施。"
                        "七步洗手法:内、外、夹、弓、大、立、腕,揉搓至少 15 秒。",
                        "手上没有肉眼可见的污染时,可以使用速干手消毒剂。口罩颜色深的一面朝外,有金属条的一边在上。",
                    ),
                    callout(
                        "接触患者前后都要做手卫生", "“接触隔离”病房未经培训和许可不要进入", "口罩潮湿或污染时及时更换"
                    ),
                ],
            ),
            (
                "跌倒与突发不适",
                [
                    p(
                        "发现患者跌倒,不要急于扶起:留在患者身边安抚,立即呼叫医护人员,由专业人员评估后再移动。",
                        "陪诊中患者突然头晕、面色苍白:让患者就近坐下或躺下,呼叫医护人员,不要离开患者。",
                    ),
                    case(
                        "候诊区的头晕",
                        "志愿者小张陪一位老人在候诊区等待抽血,老人说“有点晕”,脸色发白。",
                        "小张首先应该做什么?接下来呢?",
                        "先让老人坐稳或躺下防止跌倒,立即呼叫附近护士;老人可能空腹抽血引起低血糖,是否进食要听医护人员的。",
                    ),
                ],
            ),
            (
                "锐器、火灾与冲突",
                [
                    p(
                        "地面上的针头不要用手去捡:守在旁边提醒他人,立即通知护士。万一被扎伤,记住“一挤二冲三消毒四报告”。",
                        "发现火情:报警、通知工作人员、引导患者走安全通道撤离,不乘电梯。遇到情绪激动的家属,不争辩,"
                        "先确保自身安全,请社工或保安协助。",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "psychological-support",
        "title": "心理支持基础",
        "summary": "倾听、共情与陪伴:在患者和家属最需要的时候,做一个温暖的陪伴者。",
        "audience": "volunteer",
        "hours": "4",
        "objectives": "<ul><li>运用积极倾听和开放式提问</li><li>用共情的语言回应情绪</li>"
        "<li>识别需要转介社工的风险信号</li><li>照顾好自己</li></ul>",
        "bank": ("psych.gift", "心理支持"),
        "lessons": [
            (
                "倾听与提问",
                [
                    p(
                        "积极倾听:专注、点头、复述对方的话,让对方感到被理解。少给建议,多给空间。",
                        "开放式提问(“今天感觉怎么样?”)比封闭式提问(“好点了吗?”)更能鼓励对方表达。",
                    )
                ],
            ),
            (
                "共情的回应",
                [
                    p(
                        "共情是承认和接纳对方的感受:“要做手术了,心里担心是很自然的。”",
                        "避免“别怕”“想开点”“谁都这样”等否定感受的话,也不要对治疗结果作任何承诺。",
                    ),
                    case(
                        "手术前夜",
                        "一位中年患者第二天要做手术,晚上反复问志愿者:“你说我这手术能成功吗?”",
                        "怎样回应既真诚又不作承诺?",
                        "可以回应担心本身,例如“您很在意这次手术,担心是很自然的;最担心的是什么呢?”,并告诉医护人员患者的焦虑。",
                    ),
                ],
            ),
            (
                "风险信号与转介",
                [
                    p(
                        "以下情况要及时报告医务社工:流露轻生念头、遭受虐待或暴力、严重的经济困难、家庭照护困难。",
                        "生命安全优先于保密承诺:不要答应替对方保守轻生的秘密,温和地陪伴并立即报告。",
                    ),
                    callout("不承诺保密涉及安全的事", "不私下给患者留私人电话", "不在群里讨论患者的情况"),
                ],
            ),
            (
                "照顾好自己",
                [
                    p(
                        "长期面对病痛和离别,志愿者也会疲惫、难过。参加督导和团队分享,说出自己的感受,必要时休息一段时间。",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "rehabilitation-assistance",
        "title": "康复训练协助",
        "summary": "在康复治疗师的指导下,安全地协助和鼓励患者坚持训练。",
        "audience": "volunteer",
        "hours": "3",
        "objectives": "<ul><li>理解志愿者在康复训练中的角色</li><li>安全地协助步行和转移</li>"
        "<li>识别需要停止训练的信号</li></ul>",
        "bank": ("rehab.gift", "康复训练协助"),
        "lessons": [
            (
                "志愿者在康复中的角色",
                [
                    p(
                        "训练方案由康复治疗师制定,志愿者按指导协助、陪伴和鼓励,不自行增减训练量。",
                        "具体的肯定最能增强信心:“今天比昨天多走了五步!”",
                    )
                ],
            ),
            (
                "步行与转移",
                [
                    p(
                        "协助偏瘫患者步行时,站在患侧稍后方。使用助行器:先移助行器,再迈患侧腿,最后迈健侧腿。",
                        "床椅转移前:刹住轮椅、放在健侧并与床成 30 到 45 度角、说明步骤、确认患者穿好防滑鞋。",
                    ),
                    callout("推轮椅下坡时倒退行走", "调整脚踏板时保持刹车", "地面湿滑时暂停训练"),
                ],
            ),
            (
                "停训信号与记录",
                [
                    p(
                        "出现胸闷胸痛、头晕出汗、呼吸急促或疼痛明显加重时,立即停止并报告治疗师。训练后轻微酸胀通常是正常的。",
                        "训练记录由治疗师填写和签名,志愿者可以把观察到的情况告诉治疗师。",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "social-work-supervision",
        "title": "医务社工:志愿者督导与专业实务",
        "summary": "面向医务社工:志愿者的招募、培训与督导,以及个案服务中的伦理要点(兼顾职业水平考试复习)。",
        "audience": "social_worker",
        "hours": "6",
        "objectives": "<ul><li>设计岗前培训与跟岗督导</li><li>运用督导的三种职能</li><li>处理保密与知情同意</li></ul>",
        "bank": ("socialwork.gift", "社工专业实务"),
        "lessons": [
            (
                "志愿者督导的三种职能",
                [
                    p(
                        "行政性督导:排班、考勤、服务规范;教育性督导:知识与技能培训;支持性督导:情绪支持与激励。",
                    )
                ],
            ),
            (
                "伦理:保密与知情同意",
                [
                    p(
                        "保密例外主要是服务对象或他人的生命安全风险以及法律规定的情形。对外发布患者故事前,须取得书面知情同意并去标识化。",
                    )
                ],
            ),
            (
                "岗前培训与跟岗见习",
                [
                    p(
                        "新志愿者的岗前培训约四周:课程学习与测验、跟岗见习、反思与督导、考核与结业证书。",
                    ),
                    case(
                        "新志愿者的第一周",
                        "一位新志愿者跟岗时,在患者面前说“这个病很难治的”。",
                        "作为带教社工,你会如何在当下和事后进行督导?",
                        "当下温和地接过话题;事后单独反馈,结合职责边界和共情技巧进行教育性与支持性督导。",
                    ),
                ],
            ),
        ],
    },
]


def _index(home) -> CourseIndexPage:
    index = CourseIndexPage.objects.filter(slug="courses").first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(
                title="培训课程",
                slug="courses",
                intro="<p>岗前培训课程:学习课时、完成测验,通过后获得结业证书。</p>",
            )
        )
    return index


def _bank(filename: str, name: str) -> Category:
    category, _created = Category.objects.get_or_create(name=name, parent=None)
    if not category.questions.exists():
        import_file("gift", (DATA / filename).read_bytes(), category)
    return category


def _quiz(spec: dict, category: Category) -> Quiz:
    title = f"{spec['title']} · 结业测验"
    quiz = Quiz.objects.filter(title=title).first()
    if quiz is not None:
        return quiz
    for_social_workers = spec["audience"] == "social_worker"
    quiz = Quiz(
        title=title,
        description="从本课程题库中随机抽取题目。",
        live=True,
        shuffle_questions=True,
        shuffle_choices=True,
        time_limit_minutes=30 if for_social_workers else 20,
        max_attempts=1 if for_social_workers else 3,
        pass_mark=80 if for_social_workers else 70,
        exam_mode=for_social_workers,
        layout="one" if for_social_workers else "all",
    )
    quiz.rules = [QuizRule(category=category, count=8 if for_social_workers else 10)]
    quiz.save()
    quiz.save_revision().publish()
    return quiz


@transaction.atomic
def load() -> CourseIndexPage:
    from kb.models import HomePage

    home = HomePage.objects.first()
    index = _index(home)
    for name in CATEGORIES:
        Category.objects.get_or_create(name=name, parent=None)
    for spec in COURSES:
        category = _bank(*spec["bank"])
        quiz = _quiz(spec, category)
        course = CoursePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if course is None:
            course = index.add_child(
                instance=CoursePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    audience=spec["audience"],
                    hours=Decimal(spec["hours"]),
                    objectives=spec["objectives"],
                )
            )
        lessons = spec["lessons"]
        for number, (title, body) in enumerate(lessons, start=1):
            slug = f"lesson-{number}"
            if LessonPage.objects.child_of(course).filter(slug=slug).exists():
                continue
            last = number == len(lessons)
            course.add_child(
                instance=LessonPage(
                    title=f"第{number}课 {title}",
                    slug=slug,
                    summary=title,
                    minutes=20,
                    body=body,
                    quiz=quiz if last else None,
                    quiz_required=True,
                )
            )
    return index
