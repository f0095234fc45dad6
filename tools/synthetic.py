"""Invented but realistic clerk workbooks: the sample data/ and the benchmark corpus come from here.

Everyone and every company is invented; identifiers carry valid check digits. The workbooks
look like clerks' own: a merged title row above the header, a blank row, synonyms for some
headers, dates typed as text in several styles, amounts as text, trailing spaces.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import ric, uscc

from disclosure.core.kinds import (
    SheetKind,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
COMPOUND = ["欧阳", "司马", "上官", "诸葛"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志军海燕晓东宏亮春生小龙永福翠花德胜"
TRADE_WORDS = "鑫盛 华通 恒达 金源 瑞丰 宏远 兴旺 福泰 德润 嘉禾 安康 顺昌 荣华 利民 汇丰 永信 聚贤 博远 天成 正和".split()
INDUSTRIES = ["商贸", "科技", "建材", "餐饮管理", "物流", "文化传媒", "农业开发", "汽车服务", "医药", "建筑工程", "旅游开发", "食品"]
COMPANY_FORMS = ["有限公司", "有限责任公司", "股份有限公司"]
SHOP_KINDS = ["便利店", "副食店", "小吃店", "五金店", "理发店", "农家乐", "汽修部", "烟酒店"]


@dataclass(frozen=True)
class AgencySeed:
    folder: str
    name: str
    short: str  # used in document numbers, e.g. 朔城科
    region_code: str  # 6-digit administrative division code
    region: str
    city: str
    domain: str  # what the agency enforces, for items and decisions


SEED_AGENCIES = (
    AgencySeed("朔城区科学技术局", "朔州市朔城区科学技术局", "朔城科", "140602", "朔城区", "朔州市", "科技"),
    AgencySeed("沙坡头区司法局", "中卫市沙坡头区司法局", "沙司", "640502", "沙坡头区", "中卫市", "司法行政"),
    AgencySeed("台儿庄区行政审批服务局", "枣庄市台儿庄区行政审批服务局", "台审批", "370405", "台儿庄区", "枣庄市", "行政审批"),
    AgencySeed("陵川示范区综合执法局", "陵川生态文化旅游示范区综合执法局", "陵示综执", "140524", "陵川县", "晋城市", "综合执法"),
    AgencySeed("宁晋县民族宗教事务局", "宁晋县民族宗教事务局", "宁民宗", "130528", "宁晋县", "邢台市", "民族宗教"),
)

DOMAIN_ITEMS = {
    "科技": ["科技型中小企业评价", "高新技术企业认定推荐", "科技计划项目监督检查", "技术合同认定登记", "科技成果登记",
           "科研诚信案件调查处理", "科技企业孵化器备案", "星创天地备案", "科技奖励推荐", "违反科技计划项目管理规定的处罚"],
    "司法行政": ["基层法律服务工作者执业核准", "基层法律服务所设立审核", "律师违法行为行政处罚", "人民调解员培训考核",
             "法律援助申请审查", "司法鉴定机构监督检查", "公证机构年度考核", "基层法律服务工作者违法行为处罚"],
    "行政审批": ["食品经营许可", "公共场所卫生许可", "建筑工程施工许可", "药品零售企业许可", "排水许可",
             "道路运输经营许可", "娱乐场所经营许可", "营业执照登记", "医疗机构执业登记", "人力资源服务许可"],
    "综合执法": ["违法建设行政处罚", "占道经营行政处罚", "景区违规经营检查", "露天焚烧垃圾处罚", "户外广告设置检查",
             "非法营运行政强制", "损坏绿化设施处罚", "渣土运输违规处罚", "噪声污染行政处罚", "旅游市场监督检查"],
    "民族宗教": ["宗教活动场所设立审批", "宗教临时活动地点审批", "大型宗教活动审批", "宗教活动场所监督检查",
             "擅自设立宗教活动场所处罚", "宗教教职人员备案", "宗教团体年度检查", "非法宗教活动行政处罚"],
}
# Per domain, as many as DOMAIN_ITEMS' first six and as VIOLATIONS: a draw from a list of the same length takes the
# same random numbers, so the sample's names and numbers stay as they were when the wording became plausible.
DOMAIN_CHECKS = {
    "科技": ["科技计划项目实施", "科技型中小企业评价信息", "技术合同登记", "科技企业孵化器运营", "科研诚信承诺履行", "科技成果登记"],
    "司法行政": ["律师事务所执业", "基层法律服务所执业", "法律援助案件办理", "司法鉴定机构执业", "公证机构执业", "人民调解组织工作"],
    "行政审批": ["食品经营许可事项", "公共场所卫生许可事项", "建筑工程施工许可事项", "药品零售企业许可事项", "排水许可事项",
             "道路运输经营许可事项"],
    "综合执法": ["建设工程规划许可执行", "占道经营管理", "景区经营秩序", "垃圾处置", "户外广告设置", "渣土运输"],
    "民族宗教": ["宗教活动场所管理", "宗教临时活动地点管理", "宗教活动场所财务管理", "宗教教职人员管理", "宗教活动场所安全",
             "宗教团体内部管理"],
}
VIOLATIONS = {
    "科技": [("虚假申报", "在科技计划项目申报中提供虚假材料，骗取财政补助资金{gain}元。"),
           ("未按规定报送", "未按规定报送科技计划项目年度执行报告，逾期{days}日仍未报送。"),
           ("挪用项目资金", "将科技计划项目资金{gain}元用于与项目无关的支出。"),
           ("虚假申报", "在高新技术企业认定中虚报研发投入{gain}元。"),
           ("未按规定报送", "未按规定报送技术合同登记材料，逾期{days}日仍未报送。"),
           ("违规使用", "违反规定使用科技计划项目结余资金{gain}元。"),
           ("虚假申报", "在科技型中小企业评价中提供虚假材料。"),
           ("未按规定报送", "未按规定报送科技成果登记材料，逾期{days}日仍未报送。")],
    "司法行政": [("超越执业范围", "基层法律服务工作者超越业务范围代理{business}纠纷案件。"),
             ("违规收费", "未按规定收费，多收取服务费{gain}元。"),
             ("未按规定报送", "未按规定报送年度执业情况报告，逾期{days}日仍未报送。"),
             ("私自接受委托", "律师私自接受委托、收取费用{gain}元。"),
             ("超越执业范围", "以律师名义执业但未取得律师执业证书，代理案件{times}件。"),
             ("违规收费", "法律服务所未统一接受委托、私自收取费用{gain}元。"),
             ("未按规定报送", "未按规定报送司法鉴定业务统计材料，逾期{days}日仍未报送。"),
             ("泄露秘密", "泄露当事人商业秘密，造成不良影响。")],
    "行政审批": [("无证经营", "未取得许可证擅自从事经营活动，经营时间约{months}个月，违法所得{gain}元。"),
             ("超范围经营", "超出核准的经营范围从事{business}活动。"),
             ("未按规定报送", "未按规定报送年度报告材料，逾期{days}日仍未报送。"),
             ("无证经营", "许可证有效期届满未延续，继续从事经营活动约{months}个月。"),
             ("超范围经营", "超出许可的项目从事{business}活动。"),
             ("虚假申报", "以提供虚假材料的方式取得行政许可。"),
             ("未按规定报送", "许可事项变更后未按规定申请变更登记，逾期{days}日。"),
             ("无证经营", "未取得许可证擅自从事经营活动，违法所得{gain}元。")],
    "综合执法": [("违法建设", "未取得建设工程规划许可证，在{road}擅自搭建建筑物约{area}平方米。"),
             ("违规占道", "在{road}沿街违规占道经营，经多次劝导拒不改正。"),
             ("噪声扰民", "夜间在{road}施工作业产生噪声，干扰周围居民正常生活。"),
             ("违法建设", "在{road}擅自改建房屋约{area}平方米。"),
             ("违规占道", "在{road}擅自设置户外广告牌，占用道路约{area}平方米。"),
             ("露天焚烧", "在{road}露天焚烧垃圾，经劝阻拒不改正。"),
             ("渣土运输违规", "运输渣土车辆未密闭，在{road}沿途撒漏。"),
             ("损坏绿化", "在{road}擅自砍伐绿化树木{times}株。")],
    "民族宗教": [("擅自设立", "擅自设立宗教活动场所，组织开展宗教活动{times}次。"),
             ("违规组织活动", "未经批准在宗教活动场所外组织大型宗教活动{times}次。"),
             ("未按规定报送", "宗教活动场所未按规定报送年度财务报告，逾期{days}日仍未报送。"),
             ("擅自设立", "擅自设立宗教临时活动地点，组织开展活动{times}次。"),
             ("违规接受捐赠", "宗教活动场所违规接受境外捐赠{gain}元。"),
             ("未按规定备案", "宗教教职人员未按规定备案即主持宗教活动{times}次。"),
             ("违规组织活动", "擅自组织公民出境参加宗教活动。"),
             ("未按规定报送", "宗教团体未按规定报送年度工作报告，逾期{days}日仍未报送。")],
}
# 抽查对象 by domain: drawn as company() draws (trade word, industry, form), composed as the domain's firms are named.
_VENUES = ("寺", "观", "教堂")
_SERVICES = ("律师事务所", "法律服务所", "司法鉴定所")
# The first two characters of their 统一社会信用代码: registered by 司法行政 (31) or as a religious venue (71).
_REGISTRATION = {"司法行政": "31", "民族宗教": "71"}
ROADS = ["解放路", "人民路", "新华街", "建设北路", "开发南路", "文化街", "中山路", "迎宾大道"]
RESULTS = ["未发现问题", "未发现问题", "未发现问题", "发现问题，已责令整改", "未发现问题", "责令限期改正"]
# By 执法类别, three each: the draw takes the same random numbers as it did from one list of three.
CONCLUSIONS = {"行政检查": ["检查未发现违法行为。", "检查发现问题，责令限期整改，已整改到位。", "检查未发现违法行为。"],
               "行政强制": ["依法查封涉案物品，期限三十日。", "依法扣押涉案物品，期限三十日。", "依法查封违法经营场所，期限三十日。"],
               "行政确认": ["经审查，确认申请事项属实，予以登记。", "经审查，确认申请事项属实，予以登记。", "经审查，材料不符合规定，不予确认。"]}
HANDLING = {"未发现问题": "无", "发现问题，已责令整改": "已责令限期整改，复查合格", "责令限期改正": "已下达责令限期改正通知书"}


class Faker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def choice(self, items):
        return self.rng.choice(items)

    def uscc(self, region_code: str, organisation: str = "91") -> str:
        body = organisation + region_code + "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        return body + uscc.calc_check_digit(body)

    def resident_id(self, region_code: str) -> str:
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 40))
        body = f"{region_code}{birth:%Y%m%d}{self.rng.randrange(0, 999):03d}"
        return body + ric.calc_check_digit(body + "0")  # stdnum expects the check position present

    def person(self) -> str:
        surname = self.choice(COMPOUND) if self.rng.random() < 0.03 else self.choice(SURNAMES)
        return surname + "".join(self.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))

    def company(self, region: str) -> str:
        return f"{region}{self.choice(TRADE_WORDS)}{self.choice(INDUSTRIES)}{self.choice(COMPANY_FORMS)}"

    def organisation(self, region: str, domain: str) -> str:
        trade, industry, form = self.choice(TRADE_WORDS), self.choice(INDUSTRIES), self.choice(COMPANY_FORMS)
        if domain == "司法行政":
            return f"{region}{trade}{_SERVICES[COMPANY_FORMS.index(form)]}"
        if domain == "民族宗教":
            return f"{region}{trade}{_VENUES[COMPANY_FORMS.index(form)]}"
        return f"{region}{trade}{industry}{form}"

    def shop(self, region: str, operator: str) -> str:
        return f"{region}{operator}{self.choice(SHOP_KINDS)}"

    def mobile(self) -> str:
        return "1" + self.choice("3578") + "".join(str(self.rng.randrange(10)) for _ in range(9))

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(0, (end - start).days + 1))


def agency_uscc(seed: AgencySeed) -> str:
    # Python's hash() is salted per process; the code must be the same on every run.
    number = sum((i + 1) * ord(ch) for i, ch in enumerate(seed.name)) % 10**7
    body = f"11{seed.region_code}MB{number:07d}"
    return body + uscc.calc_check_digit(body)


def profile(seed: AgencySeed) -> dict:
    area = "0349" if seed.city == "朔州市" else "0955" if seed.city == "中卫市" else "0632" if seed.city == "枣庄市" else "0356" if seed.city == "晋城市" else "0319"
    return {
        "name": seed.name, "uscc": agency_uscc(seed), "address": f"{seed.city}{seed.region}政务服务中心{len(seed.name)}号",
        "postcode": f"{seed.region_code[:3]}000", "phone": f"{area}-{2000000 + len(seed.name) * 1111}",
        "complaint_phone": f"{area}-{3000000 + len(seed.name) * 777}", "office_hours": "工作日 上午 8:30-12:00，下午 14:30-17:30",
        "website": "", "review_body": f"{seed.city}{seed.region}人民政府", "court": f"{seed.city}{seed.region}人民法院",
        "legal_review_body": "局法制股", "duties": f"负责本区域{seed.domain}领域的行政许可、行政检查、行政处罚等行政执法工作；"
                                                     f"负责{seed.domain}领域执法人员管理和执法监督工作。",
    }


_APPLIED = {"conditions": "申请人具备法定条件，申请材料齐全、符合法定形式。",
            "materials": "1. 申请书；\n2. 营业执照或其他主体资格证明复印件；\n3. 相关证明材料。",
            "procedure": "申请—受理—审查—决定—送达", "legal_time_limit": "20个工作日"}
_ON_OWN_MOTION = {"conditions": "依职权启动：有违法行为发生，依法应当给予处理的。",
                  "materials": "依职权启动，当事人无需提交申请材料；可以书面或口头进行陈述、申辩。",
                  "procedure": "立案—调查取证—法制审核—告知—决定—送达", "legal_time_limit": "自立案之日起90日"}
_INSPECTED = {"conditions": "依职权启动：按年度检查计划或“双随机”抽查实施。", "materials": "检查对象配合提供与检查事项有关的资料即可，无需申请。",
              "procedure": "制定计划—随机抽取—实施检查—处理—公示", "legal_time_limit": "检查结束后20个工作日内公示结果"}
_GUIDES = {"行政许可": _APPLIED, "行政确认": _APPLIED, "行政处罚": _ON_OWN_MOTION, "行政强制": _ON_OWN_MOTION,
           "行政检查": _INSPECTED}


def items(faker: Faker, seed: AgencySeed) -> list[dict]:
    rows = []
    for number, name in enumerate(DOMAIN_ITEMS[seed.domain], start=1):
        category = "行政处罚" if "处罚" in name else "行政检查" if "检查" in name or "考核" in name else \
            "行政强制" if "强制" in name else "行政确认" if "登记" in name or "备案" in name else "行政许可"
        rows.append({
            "code": f"{seed.region_code}-{number:03d}", "name": name, "category": category,
            "basis": f"《{seed.domain}管理条例》第{faker.rng.randrange(5, 60)}条",
            "department": f"{seed.name}{faker.choice(['审批股', '执法股', '业务股', '法制股'])}",
            **_GUIDES[category], "promised_time_limit": f"{faker.choice([5, 7, 10])}个工作日",
            "fees": "不收费", "supervision_phone": profile(seed)["complaint_phone"],
            "remedy": f"对决定不服的，可以在六十日内向{seed.city}{seed.region}人民政府申请行政复议，或者在六个月内向人民法院提起行政诉讼。",
            "in_review_catalogue": "是" if category == "行政处罚" and number % 2 == 0 else "否",
            "flowchart_code": "LC-01" if category == "行政处罚" else "LC-02" if category == "行政许可" else "",
        })
    return rows


def inspections(faker: Faker, seed: AgencySeed) -> list[dict]:
    return [{
        "item": f"{name}情况的检查", "basis": f"《{seed.domain}管理条例》第{faker.rng.randrange(5, 60)}条",
        "inspector": seed.name, "target": f"本辖区{faker.choice(['相关企业', '经营主体', '持证单位', '登记场所'])}",
        "content": "检查是否依法取得许可、是否按许可范围从事活动、是否按规定报送材料。",
        "ratio": f"{faker.choice([3, 5, 10])}%", "method": faker.choice(["现场检查", "书面检查", "网络监测"]),
        "frequency": faker.choice(["每年1次", "每半年1次"]),
    } for name in DOMAIN_CHECKS[seed.domain]]


def officers(faker: Faker, seed: AgencySeed, count: int) -> list[dict]:
    rows = []
    for number in range(1, count + 1):
        status = "注销" if number % 17 == 0 else "暂扣" if number % 23 == 0 else "有效"
        rows.append({
            "name": faker.person(), "gender": faker.choice(["男", "女"]),
            "position": faker.choice(["科员", "副股长", "股长", "执法队员", "副局长"]),
            "certificate_number": f"{seed.region_code[:4]}{seed.region_code[4:]}{number:05d}",
            "field": seed.domain, "region": seed.region, "issuer": f"{seed.city}人民政府",
            "valid_until": dt.date(2025 + number % 4, 1 + number % 12, 28), "certificate_status": status,
        })
    return rows


def flowcharts(seed: AgencySeed) -> list[dict]:
    punish = [("立案", "2", "执法股", "7日内"), ("调查取证", "3", "执法股", "90日内"), ("法制审核", "4:符合条件; 5:不符合", "法制股", "5个工作日"),
              ("告知陈述申辩权利", "6", "执法股", "3日内"), ("不予处罚", "", "执法股", ""), ("作出处罚决定", "7", "局长办公会", "7日内"),
              ("送达并公示", "", "执法股", "7个工作日内")]
    licence = [("申请", "2", "窗口", ""), ("受理", "3:材料齐全; 4:需要补正", "窗口", "当场"), ("审查", "5", "审批股", "10个工作日"),
               ("补正材料", "2", "申请人", "5个工作日"), ("作出决定", "6", "分管领导", "3个工作日"), ("送达并公示", "", "窗口", "7个工作日内")]
    rows = []
    for code, name, steps in (("LC-01", "行政处罚一般程序", punish), ("LC-02", "行政许可办理流程", licence)):
        for number, (step, next_steps, post, limit) in enumerate(steps, start=1):
            rows.append({"flow_code": code, "flow_name": name, "step_number": number, "step_name": step,
                         "next_steps": next_steps, "post": post, "time_limit": limit, "note": ""})
    return rows


def _party(faker: Faker, seed: AgencySeed) -> dict:
    roll = faker.rng.random()
    if roll < 0.7:
        return {"party_name": faker.company(seed.region), "party_type": "法人及非法人组织",
                "party_uscc": faker.uscc(seed.region_code), "legal_representative": faker.person()}
    if roll < 0.85:
        operator = faker.person()
        return {"party_name": faker.shop(seed.region, operator[:1] + "记"), "party_type": "个体工商户",
                "party_uscc": faker.uscc(seed.region_code, "92"), "legal_representative": operator}
    return {"party_name": faker.person(), "party_type": "自然人", "id_type": "身份证",
            "id_number": faker.resident_id(seed.region_code)}


def _status(faker: Faker, decided: dt.date) -> dict:
    if faker.rng.random() < 0.03:
        return {"status": "已撤销", "withdrawal_date": decided + dt.timedelta(days=40),
                "withdrawal_reason": "经行政复议，原决定认定事实不清，予以撤销。"}
    return {"status": "有效"}


def _review(faker: Faker, decided: dt.date) -> dict:
    if faker.rng.random() < 0.15:
        return {"is_major": "是", "review_body": "局法制股", "review_conclusion": "同意",
                "review_date": decided - dt.timedelta(days=faker.rng.randrange(1, 6))}
    return {"is_major": "否"}


def _penalty_content(categories: str, fine: float | None, gain: int) -> str:
    if categories in ("警告", "通报批评"):
        return "给予警告" if categories == "警告" else "通报批评"
    fined = f"罚款人民币{fine}万元"
    return f"没收违法所得人民币{gain}元，{fined}" if "没收违法所得" in categories else fined


def penalties(faker: Faker, seed: AgencySeed, count: int, start: dt.date, end: dt.date, first_number: int = 1) -> list[dict]:
    rows, agency = [], profile(seed)
    for number in range(first_number, first_number + count):
        decided = faker.date_between(start, end)
        violation, facts = faker.choice(VIOLATIONS[seed.domain])
        months, gain = faker.rng.randrange(1, 13), faker.rng.randrange(500, 50000)  # drawn in this order, as ever
        facts = facts.format(months=months, gain=gain, days=faker.rng.randrange(10, 90),
                             road=faker.choice(ROADS), business=faker.choice(INDUSTRIES), area=faker.rng.randrange(20, 300),
                             times=faker.rng.randrange(2, 10))
        roll = faker.rng.random()
        categories = "警告" if roll < 0.08 else "通报批评" if roll < 0.14 else "没收违法所得;罚款" if roll < 0.3 else "罚款"
        fine = faker.choice([0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5]) if "罚款" in categories else None
        row = {**_party(faker, seed), "document_number": f"{seed.short}罚〔{decided.year}〕{number}号", "violation_type": violation,
               "facts": "当事人" + facts, "basis": f"依据《{seed.domain}管理条例》第{faker.rng.randrange(20, 80)}条",
               "penalty_categories": categories,
               "penalty_content": _penalty_content(categories, fine, gain),
               "fine_amount": fine, "confiscation_amount": gain / 10000 if "没收违法所得" in categories else None, "decision_date": decided, "authority": agency["name"], "authority_uscc": agency["uscc"],
               "source_unit": agency["name"], "source_unit_uscc": agency["uscc"], **_review(faker, decided), **_status(faker, decided)}
        rows.append(row)
    return rows


def licenses(faker: Faker, seed: AgencySeed, count: int, start: dt.date, end: dt.date, first_number: int = 1) -> list[dict]:
    rows, agency = [], profile(seed)
    names = [n for n in DOMAIN_ITEMS[seed.domain] if "处罚" not in n and "检查" not in n] or DOMAIN_ITEMS[seed.domain]
    for number in range(first_number, first_number + count):
        decided = faker.date_between(start, end)
        item = faker.choice(names)
        long_term = faker.rng.random() < 0.3
        rows.append({**_party(faker, seed), "document_name": "准予行政许可决定书", "document_number": f"{seed.short}许〔{decided.year}〕{number}号",
                     "licence_category": faker.choice(["普通", "普通", "登记", "核准", "认可"]), "certificate_name": item.replace("许可", "许可证"),
                     "licence_number": f"{seed.region_code}{decided.year}{number:05d}", "content": f"准予{item}",
                     "decision_date": decided, "valid_from": decided,
                     "valid_until": dt.date(2099, 12, 31) if long_term else decided.replace(year=decided.year + 5, day=min(decided.day, 28)),
                     "authority": agency["name"], "authority_uscc": agency["uscc"], "source_unit": agency["name"],
                     "source_unit_uscc": agency["uscc"], "status": "有效"})
    return rows


def other_decisions(faker: Faker, seed: AgencySeed, count: int, start: dt.date, end: dt.date, first_number: int = 1) -> list[dict]:
    rows, agency = [], profile(seed)
    for number in range(first_number, first_number + count):
        decided = faker.date_between(start, end)
        party = _party(faker, seed)
        category = faker.choice(["行政检查", "行政检查", "行政强制", "行政确认"])
        rows.append({"enforcement_category": category, "document_number": f"{seed.short}{category[2:]}〔{decided.year}〕{number}号",
                     "party_name": party["party_name"], "party_type": party["party_type"], "party_uscc": party.get("party_uscc", ""),
                     "conclusion": faker.choice(CONCLUSIONS[category]),
                     "decision_date": decided, "authority": agency["name"], **_review(faker, decided), **_status(faker, decided)})
    return rows


def spot_checks(faker: Faker, seed: AgencySeed, count: int, start: dt.date, end: dt.date) -> list[dict]:
    agency = profile(seed)
    return [_spot_check(faker, seed, agency, start, end) for _ in range(count)]


def _spot_check(faker: Faker, seed: AgencySeed, agency: dict, start: dt.date, end: dt.date) -> dict:
    row = {"item": f"{faker.choice(DOMAIN_CHECKS[seed.domain])}情况的检查", "target": faker.organisation(seed.region, seed.domain),
           "target_uscc": faker.uscc(seed.region_code, _REGISTRATION.get(seed.domain, "91")),
           "check_date": faker.date_between(start, end), "result": faker.choice(RESULTS)}
    faker.rng.random()  # was the handling's own draw: kept, so that every later name and number stays as it was
    return {**row, "handling": HANDLING[row["result"]], "authority": agency["name"]}


# ---- writing workbooks the way clerks do ----------------------------------------------------

DATE_STYLES = (lambda d: d, lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
               lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: f"{d.year}.{d.month}.{d.day}", lambda d: f"{d:%Y%m%d}")


def write_workbook(path: Path, sheets: list[tuple[SheetKind, list[dict]]], faker: Faker | None = None,
                   title: str | None = None, messy: bool = True) -> None:
    """One sheet per kind; with `messy`, a title row, a blank row, synonyms and dates typed as text."""
    workbook = Workbook(write_only=True)
    for kind, rows in sheets:
        sheet = workbook.create_sheet(kind.sheet_name)
        used = [c for c in kind.columns if any(c.key in row and row[c.key] not in ("", None) for row in rows) or c.required]
        if messy and title:
            sheet.append([title])
            sheet.append([])
        sheet.append([_header(column, faker, messy) for column in used])
        for number, row in enumerate(rows):
            sheet.append([_cell(row.get(column.key), faker, messy, number) for column in used])
            if messy and number == len(rows) // 2:
                sheet.append([])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def _header(column, faker: Faker | None, messy: bool) -> str:
    # A synonym in 元 would state the 万元 figures written under it 10,000 times too small (a unit slip the checks refuse).
    synonyms = tuple(s for s in column.synonyms if not ("元" in s and "万元" not in s))
    if messy and faker and synonyms and faker.rng.random() < 0.3:
        return faker.choice(synonyms)
    return column.label


def _cell(value, faker: Faker | None, messy: bool, number: int):
    if value is None:
        return ""
    if isinstance(value, dt.date) and messy and faker:
        return DATE_STYLES[number % len(DATE_STYLES)](value)
    if isinstance(value, str) and messy and number % 11 == 5:
        return value + " "
    return value
