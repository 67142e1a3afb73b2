"""Government classification codes: the functional (功能分类, 类/款/项) and economic (经济分类) lists the
code tables are seeded with, and the fixed row order of the 类 in 公开01/04表."""

from __future__ import annotations

from dataclasses import dataclass

# The 26 类 of the functional classification in the order of 公开01表 and 公开04表 (rows 一 … 二十六).
CLASSES: tuple[tuple[str, str], ...] = (
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"), ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"),
    ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"), ("231", "债务还本支出"), ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
)

CHINESE_ORDINALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
                    "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六",
                    "二十七", "二十八", "二十九", "三十")


def ordinal(n: int) -> str:
    """1 -> 一 … 30 -> 三十 (the numbering of sections and 类 rows)."""
    return CHINESE_ORDINALS[n - 1]


def class_ordinal(class_code: str) -> str | None:
    """The ordinal of a 类 in 公开01表 (208 -> 八), or None for a 类 outside the standard list."""
    for i, (code, _) in enumerate(CLASSES, start=1):
        if code == class_code:
            return ordinal(i)
    return None


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    description: str = ""

    @property
    def parent(self) -> str | None:
        return parent_of(self.code)


def functional_level(code: str) -> int | None:
    """1 = 类 (3 digits), 2 = 款 (5), 3 = 项 (7); None when the shape is wrong."""
    if not code.isascii() or not code.isdigit():
        return None
    return {3: 1, 5: 2, 7: 3}.get(len(code))


def economic_level(code: str) -> int | None:
    """1 = 类 (301), 2 = 款 (30101); None when the shape is wrong."""
    if not code.isascii() or not code.isdigit():
        return None
    return {3: 1, 5: 2}.get(len(code))


def parent_of(code: str) -> str | None:
    return {5: code[:3], 7: code[:5]}.get(len(code))


# 款 and 项 used by the seed documents (景德镇 2024 部门决算 and the other published reports), with the
# explanations printed in their 名词解释; a few codes every fund centre uses are added (marked).
_FUNCTIONAL_DETAIL: tuple[Code, ...] = (
    Code("20805", "行政事业单位养老支出"),
    Code("2080501", "行政单位离退休"),  # common, not in the seeds
    Code("2080502", "事业单位离退休"),  # common, not in the seeds
    Code("2080505", "机关事业单位基本养老保险缴费支出",
         "反映机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出。"),
    Code("2080506", "机关事业单位职业年金缴费支出",
         "反映机关事业单位实施养老保险制度由单位实际缴纳的职业年金支出（含职业年金补记支出）。"),
    Code("21011", "行政事业单位医疗"),
    Code("2101101", "行政单位医疗"),  # common, not in the seeds
    Code("2101102", "事业单位医疗",
         "反映财政部门安排的事业单位基本医疗保险缴费经费，未参加医疗保险的事业单位的公费医疗经费，按照国家规定享受离休人员待遇的医疗经费。"),
    Code("2101103", "公务员医疗补助", "反映财政部门安排的公务员医疗补助经费。"),
    Code("2101199", "其他行政事业单位医疗支出",
         "反映除行政单位医疗、事业单位医疗、公务员医疗补助项目以外的其他用于行政事业单位医疗方面的支出。"),
    Code("21299", "其他城乡社区支出"),
    Code("2129999", "其他城乡社区支出", "反映除上述项目以外其他用于城乡社区方面的支出。"),
    Code("22102", "住房改革支出"),
    Code("2210201", "住房公积金",
         "反映行政事业单位按人力资源和社会保障部、财政部规定的基本工资和津补贴以及规定比例为职工缴纳的住房公积金。"),
    Code("2210202", "提租补贴"),  # common, not in the seeds
    Code("2210203", "购房补贴"),  # common, not in the seeds
)

STANDARD_FUNCTIONAL: tuple[Code, ...] = tuple(Code(c, n) for c, n in CLASSES) + _FUNCTIONAL_DETAIL

# The economic classification as printed in 公开06表 (every 款 listed, in this order).
STANDARD_ECONOMIC: tuple[Code, ...] = tuple(Code(c, n) for c, n in (
    ("301", "工资福利支出"),
    ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"), ("30106", "伙食补助费"), ("30107", "绩效工资"),
    ("30108", "机关事业单位基本养老保险缴费"), ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"),
    ("30111", "公务员医疗补助缴费"), ("30112", "其他社会保障缴费"), ("30113", "住房公积金"), ("30114", "医疗费"),
    ("30199", "其他工资福利支出"),
    ("302", "商品和服务支出"),
    ("30201", "办公费"), ("30202", "印刷费"), ("30203", "咨询费"), ("30204", "手续费"), ("30205", "水费"),
    ("30206", "电费"), ("30207", "邮电费"), ("30208", "取暖费"), ("30209", "物业管理费"), ("30211", "差旅费"),
    ("30212", "因公出国（境）费用"), ("30213", "维修（护）费"), ("30214", "租赁费"), ("30215", "会议费"),
    ("30216", "培训费"), ("30217", "公务接待费"), ("30218", "专用材料费"), ("30224", "被装购置费"),
    ("30225", "专用燃料费"), ("30226", "劳务费"), ("30227", "委托业务费"), ("30228", "工会经费"), ("30229", "福利费"),
    ("30231", "公务用车运行维护费"), ("30239", "其他交通费用"), ("30240", "税金及附加费用"),
    ("30299", "其他商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("30301", "离休费"), ("30302", "退休费"), ("30303", "退职（役）费"), ("30304", "抚恤金"), ("30305", "生活补贴"),
    ("30306", "救济费"), ("30307", "医疗费补助"), ("30308", "助学金"), ("30309", "奖励金"),
    ("30310", "个人农业生产补贴"), ("30311", "代缴社会保险费"), ("30399", "其他对个人和家庭的补助"),
    ("307", "债务利息及费用支出"),
    ("30701", "国内债务付息"), ("30702", "国外债务付息"), ("30703", "国内债务发行费用"), ("30704", "国外债务发行费用"),
    ("310", "资本性支出"),
    ("31001", "房屋建筑物购建"), ("31002", "办公设备购置"), ("31003", "专用设备购置"), ("31005", "基础设施建设"),
    ("31006", "大型修缮"), ("31007", "信息网络及软件购置更新"), ("31008", "物资储备"), ("31009", "土地补偿"),
    ("31010", "安置补助"), ("31011", "地上附着物和青苗补偿"), ("31012", "拆迁补偿"), ("31013", "公务用车购置"),
    ("31019", "其他交通工具购置"), ("31021", "文物和陈列品购置"), ("31022", "无形资产购置"), ("31099", "其他资本性支出"),
    ("399", "其他支出"),
    ("39907", "国家赔偿费用支出"), ("39908", "对民间非营利组织和群众性自治组织补贴"), ("39909", "经常性赠与"),
    ("39910", "资本性赠与"), ("39999", "其他支出"),
))

# 人员经费 and 公用经费 of 公开06表: the economic 类 on each side (anything else counts as 公用经费).
PERSONNEL_CLASSES = ("301", "303")
GOODS_CLASS = "302"

# Economic 款 behind the “三公” figures (used to cross-check 公开09表 against the expenditure detail).
ECON_OUTBOUND = "30212"
ECON_RECEPTION = "30217"
ECON_VEHICLE_RUNNING = "30231"
ECON_VEHICLE_PURCHASE = "31013"
