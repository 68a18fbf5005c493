"""A generated Chinese knowledge-base corpus and an everyday query set, reproducible from a seed.

Pages are assembled from sentences written for this benchmark about hospital social work and volunteering.
Every query word occurs inside longer sentences (透析 in 血液透析室, 儿童 in 住院儿童), so a search engine
must find words inside unsegmented Chinese text. A page is relevant to a query when its title or body
contains the query text.
"""

from __future__ import annotations

import random

QUERIES = [
    "志愿者培训",
    "医患关系",
    "心理疏导",
    "医保报销",
    "透析",
    "星级会员",
    "导医",
    "陪诊",
    "康复训练",
    "临终关怀",
    "儿童",
    "老年人",
    "化疗",
    "探视",
    "跌倒",
    "隐私",
    "服务时长",
    "岗前培训",
    "社工督导",
    "家属沟通",
    "住院押金",
    "慢病管理",
    "危机干预",
    "情绪安抚",
    "医务社工",
    "志愿服务",
    "病友互助",
    "出院计划",
    "轮椅",
    "手卫生",
]

PLACES = [
    "门诊大厅",
    "血液透析室",
    "肿瘤科病区",
    "儿科病房",
    "康复医学科",
    "老年医学科",
    "急诊科",
    "安宁疗护病区",
    "住院部",
    "社工服务站",
    "志愿者之家",
    "心内科",
]
PEOPLE = [
    "住院儿童",
    "空巢老年人",
    "透析患者",
    "化疗患者",
    "患者家属",
    "新入职志愿者",
    "实习社工",
    "慢性病患者",
    "术后患者",
    "外地就医的家庭",
]
SENTENCES = [
    "医务社工在{place}为{people}提供心理疏导,帮助他们缓解焦虑。",
    "志愿者在{place}承担导医工作,引导{people}完成挂号和检查。",
    "陪诊服务适合行动不便的{people},志愿者全程陪同就诊。",
    "本院每季度开展一次志愿者培训,内容包括沟通技巧、手卫生和应急处置。",
    "新志愿者须完成为期四周的岗前培训,并通过在线测验后才能上岗。",
    "社工督导每月与志愿者面谈一次,回顾服务中的困难和收获。",
    "良好的医患关系建立在相互尊重与及时沟通的基础上。",
    "{people}办理医保报销时,需要携带身份证、医保卡和费用清单。",
    "异地就医的医保报销比例与本地不同,请提前咨询医保办。",
    "血液透析患者每周需要透析两到三次,饮食上要控制水分和盐分。",
    "腹膜透析可以居家进行,社工会协助家庭学习操作要点。",
    "志愿者服务时长满一百小时可申请星级会员,享受培训优先名额。",
    "星级会员的评定每年进行一次,依据服务时长和服务评价。",
    "康复训练协助要在治疗师的指导下进行,志愿者不得擅自调整动作。",
    "安宁疗护病区提供临终关怀服务,尊重患者和家属的意愿。",
    "临终关怀志愿者需要接受哀伤辅导方面的专门培训。",
    "儿科病房的游戏活动由志愿者组织,帮助住院儿童适应医院环境。",
    "老年人跌倒风险较高,陪同如厕和下床时要格外小心。",
    "化疗期间患者容易疲乏和恶心,志愿者陪伴时应保持安静。",
    "探视时间为每天下午三点至晚上八点,儿科病房每次限两位家属。",
    "保护患者隐私是每位志愿者的基本义务,不得拍摄或外传病历信息。",
    "家属沟通时要先倾听,再用通俗的语言解释社工能够提供的帮助。",
    "住院押金不足时,社工可以协助家庭申请慈善救助基金。",
    "慢病管理小组每周开展健康讲座,讲解用药和饮食注意事项。",
    "遇到自伤或冲突等紧急情况,志愿者应立即报告社工,由社工进行危机干预。",
    "情绪安抚的要点是稳定语气、放慢语速,并让患者感到被理解。",
    "病友互助小组由康复良好的患者分享经验,帮助新患者树立信心。",
    "出院计划由医生、护士和医务社工共同制定,包括随访和社区转介。",
    "{place}配备了轮椅和助行器,志愿者可协助有需要的患者借用。",
    "每次服务前后都要做好手卫生,这是预防院内感染的第一步。",
    "志愿服务结束后请在系统中登记服务内容,由社工确认服务时长。",
    "{people}的照护者常常承受很大压力,社工会定期组织支持小组。",
    "医院与高校合作招募志愿者,学生志愿者以周末服务为主。",
    "社工部每年评选优秀志愿者,并在志愿者之家展示先进事迹。",
    "疫情防控期间,志愿者在{place}协助测温和信息登记。",
    "对于听力不好的{people},可以借助写字板或手势进行交流。",
    "志愿者不得向患者推荐药品或医疗方案,遇到相关问题应请医护人员解答。",
    "{place}的志愿者岗位分为导诊、陪伴、文娱和行政支持四类。",
]
TITLES = [
    "{place}服务指南",
    "{people}常见问题",
    "关于{topic}的说明",
    "{topic}工作规范",
    "{topic}案例分享",
    "{place}志愿者须知",
]
TOPICS = [
    "志愿者招募",
    "岗前培训",
    "服务时长登记",
    "医保政策",
    "心理支持",
    "康复协助",
    "安宁疗护",
    "儿童陪伴",
    "隐私保护",
    "家属支持",
    "出院随访",
    "慈善救助",
]


def page_texts(count: int, seed: int = 20261123, sentences: tuple[int, int] = (4, 9)) -> list[tuple[str, str]]:
    """``count`` (title, body) pairs; about 300 characters of body each with the default sentence range."""
    rng = random.Random(seed)
    pages = []
    for i in range(count):
        fill = {"place": rng.choice(PLACES), "people": rng.choice(PEOPLE), "topic": rng.choice(TOPICS)}
        title = rng.choice(TITLES).format(**fill) + f"(第{i + 1}号)"
        body = "".join(
            rng.choice(SENTENCES).format(place=rng.choice(PLACES), people=rng.choice(PEOPLE))
            for _ in range(rng.randint(*sentences))
        )
        pages.append((title, body))
    return pages


def relevant(pages: list[tuple[int, str, str]], query: str) -> set[int]:
    """Ids of pages whose title or body contains ``query``."""
    return {pk for pk, title, body in pages if query in title or query in body}
