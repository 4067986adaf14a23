"""A generated corpus of documents of this genre (county education notices), to show how cost grows."""

from __future__ import annotations

import random
from pathlib import Path

COUNTIES = ["海原", "西吉", "隆德", "泾源", "彭阳", "同心", "盐池", "红寺堡", "中宁", "沙坡头"]
TOPICS = [
    ("学生资助", ["落实家庭经济困难学生资助政策", "做好寄宿生生活费补助发放", "规范国家助学金评审"]),
    ("控辍保学", ["建立辍学学生劝返台账", "落实送教上门服务", "健全联控联保机制"]),
    ("招生入学", ["实行划片就近入学", "简化随迁子女入学流程", "公布学校招生范围"]),
    ("教师队伍", ["推进校长教师交流轮岗", "落实乡村教师生活补助", "完善职称评聘办法"]),
    ("留守儿童", ["建设留守儿童关爱室", "开通亲情电话", "加强心理健康教育"]),
    ("校园安全", ["开展安全隐患排查", "加强校车安全管理", "完善应急预案"]),
]
SENTENCES = [
    "各学校要高度重视，明确责任分工，确保各项措施落到实处。",
    "教育部门要会同有关部门加强督导检查，对工作不力的严肃问责。",
    "所需经费纳入县级财政预算，按规定及时足额拨付。",
    "各乡镇要发挥属地责任，督促监护人履行法定义务。",
    "学校要建立工作台账，实行动态管理，每学期报送一次情况。",
    "对符合条件的学生做到应助尽助，不得遗漏。",
]


def generate_document(rng: random.Random, number: int) -> str:
    county = rng.choice(COUNTIES)
    topic, items = rng.choice(TOPICS)
    year = rng.randint(2015, 2025)
    lines = [f"{county}县关于做好{year}年{topic}工作的通知", f"{county}教发〔{year}〕{number}号", "各乡镇中心学校、县直各学校："]
    lines.append(f"为做好{year}年{topic}工作，现将有关事项通知如下。")
    for index, heading in enumerate(rng.sample(items, k=len(items)), start=1):
        body = "".join(rng.sample(SENTENCES, k=2))
        lines.append(f"{'一二三'[index - 1]}、{heading}")
        lines.append(f"{body}{heading}的具体标准以{rng.randint(1, 12)}月{rng.randint(1, 28)}日前公布的为准。")
    return "\n".join(lines)


def write_corpus(folder: Path, count: int, seed: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(1, count + 1):
        path = folder / f"gen-{number:04d}.txt"
        path.write_text(generate_document(rng, number), encoding="utf-8")
        paths.append(path)
    return paths
