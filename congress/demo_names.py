"""Generated Chinese personal names for demo data: common surnames and given-name characters
combined by a seeded random generator, so every demo township is the same and no real
person's name list is copied."""

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力林宇浩鹏飞凤云春海燕晨亮波斌志峰宁梅琳雪琴健斌坤德清松柏兴旺国庆荣昌金银翠"


class NameGenerator:
    def __init__(self, seed):
        self.random = random.Random(seed)
        self.used = set()

    def __call__(self):
        """A name not handed out before by this generator."""
        while True:
            given_length = self.random.choice((1, 2, 2))
            name = self.random.choice(SURNAMES) + "".join(
                self.random.choice(GIVEN) for _ in range(given_length)
            )
            if name not in self.used:
                self.used.add(name)
                return name
