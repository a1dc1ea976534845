#!/usr/bin/env python3
"""Fills and checks resources/i18n/*.ts after scripts/update-translations.sh.

    fill_translations.py TS [TRANSLATIONS.json]   fill unfinished messages, then check the file
    fill_translations.py --check TS               only check (exit status 1 when anything is wrong)

Filling: an unfinished (or empty) message takes, in this order, the JSON's entry for
"context" + source (an object under the key "@context"), the JSON's entry for the source
alone, or the author's `//: zh: ...` comment (lupdate keeps it as <extracomment>). A JSON
entry also replaces a finished translation: that is how a wrong one is corrected. Chinese has
one plural form, so a numerus message gets the text in every <numerusform>.

Checking (the project's conventions, see the .ts for the terms in use): every message is
finished; the %1 / %n placeholders and the "name()" call tokens of the source are all in the
translation; no ASCII , : ; ( ) ! ? or straight double quotes next to Chinese text; the terms
分节 (segment, not 段), 已完成连接队列 (accept queue), 选择确认, 时序图 (ladder). A `zh:` comment
that has little in common with its message's translation is reported too (not an error): it
is usually attached to the wrong tr() of a line (lupdate takes the first one after it).

Run scripts/update-translations.sh afterwards: lupdate writes the file back in its own layout.
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

CJK = r'[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”‘’…—]'
HAN = r'[\u3400-\u9fff]'
# (pattern, why) checked on every translation.
TERMS = [
    (re.compile(r'(?<![字分阶片])段(?!落)'), '段 for segment: the file uses 分节'),
    (re.compile(r'accept\s*队列'), 'accept queue: the file uses 已完成连接队列'),
    (re.compile(r'SYN\s*队列(?!）)'), 'SYN queue: the file uses 未完成连接队列（SYN 队列）'),
    (re.compile(r'选择性确认'), 'selective acknowledgment: the file uses 选择确认'),
    (re.compile(r'梯形图'), 'ladder: the file uses 时序图'),
    (re.compile(r'报文段'), 'segment: the file uses 分节'),
]
PUNCT = [
    (re.compile(HAN + r'[,:;!?]|[,:;!?]' + HAN), 'ASCII punctuation next to Chinese text'),
    (re.compile(HAN + r'\s?\(|\)\s?' + HAN), 'ASCII parentheses around Chinese text'),
    (re.compile(r'"'), 'straight double quotes: use “”'),
]
CALL = re.compile(r'\b[a-z_]+\(\)')
PLACEHOLDER = re.compile(r'%(?:\d+|n)')
# ASCII by design: calls with their arguments, "(&F)" accelerators, "address:port".
CODE = re.compile(r'\b[A-Za-z_]+\([^()]*\)|\(&\w\)|地址:端口')


def text_of(tr):
    forms = tr.findall('numerusform')
    if forms:
        return [f.text or '' for f in forms]
    return [tr.text or '']


def set_text(message, tr, text):
    if message.get('numerus') == 'yes':
        forms = tr.findall('numerusform') or [ET.SubElement(tr, 'numerusform')]
        for f in forms:
            f.text = text
        tr.text = None
    else:
        tr.text = text
    tr.attrib.pop('type', None)


def messages(root):
    for context in root.iter('context'):
        name = context.find('name').text
        for m in context.iter('message'):
            yield name, m


def fill(path, table):
    tree = ET.parse(path)
    filled, corrected, missing = 0, 0, []
    for context, m in messages(tree.getroot()):
        source = m.find('source').text or ''
        tr = m.find('translation')
        done = tr.get('type') != 'unfinished' and any(t.strip() for t in text_of(tr))
        text = table.get('@' + context, {}).get(source, table.get(source))
        if text is not None:
            if done and text_of(tr)[0] != text:
                corrected += 1
            elif done:
                continue
            else:
                filled += 1
            set_text(m, tr, text)
            continue
        if done:
            continue
        ec = m.find('extracomment')
        if ec is not None and ec.text and ec.text.strip().startswith('zh:'):
            set_text(m, tr, ec.text.strip()[3:].strip())
            filled += 1
            continue
        missing.append((context, source))
    tree.write(path, encoding='utf-8', xml_declaration=True)
    data = open(path, encoding='utf-8').read()
    if '<!DOCTYPE TS>' not in data:
        data = data.replace('?>', '?>\n<!DOCTYPE TS>', 1)
    open(path, 'w', encoding='utf-8').write(data)
    print(f'{filled} filled, {corrected} corrected, {len(missing)} without a translation')
    for context, source in missing:
        print(f'  [{context}] {json.dumps(source, ensure_ascii=False)}')
    return not missing


def check(path):
    problems = []
    total = 0
    for context, m in messages(ET.parse(path).getroot()):
        total += 1
        source = m.find('source').text or ''
        tr = m.find('translation')
        where = f'[{context}] {json.dumps(source, ensure_ascii=False)}'
        texts = text_of(tr)
        if tr.get('type') == 'unfinished' or not all(t.strip() for t in texts):
            problems.append(f'{where}: unfinished')
            continue
        for text in texts:
            wanted = set(PLACEHOLDER.findall(source))
            if m.get('numerus') == 'yes':
                wanted.add('%n')
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f'{where}: placeholders {sorted(wanted)} vs {text!r}')
            for call in CALL.findall(source):
                if call not in text:
                    problems.append(f'{where}: {call} missing in {text!r}')
            # A line break where the source has none (lupdate turns a "\n" written in a //: zh:
            # comment into a real newline), or a "\n" lost: a check box label then splits in two.
            if source.count('\n') != text.count('\n') or source.count('\\n') != text.count('\\n'):
                problems.append(f'{where}: line breaks or "\\n" differ from the source: {text!r}')
            if not re.search(CJK, text):
                continue  # kept as it is (a protocol token, a format)
            for pattern, why in TERMS:
                if pattern.search(text):
                    problems.append(f'{where}: {why}: {text!r}')
            if ';;' in source:
                continue  # a file dialog's filter: Qt reads the ASCII "(*.png)"
            prose = CODE.sub(' ', text)
            for pattern, why in PUNCT:
                if pattern.search(prose):
                    problems.append(f'{where}: {why}: {text!r}')
        ec = m.find('extracomment')
        if ec is not None and ec.text and ec.text.strip().startswith('zh:'):
            said, done = set(ec.text.strip()[3:].strip()), set(texts[0])
            if len(said & done) < 0.3 * len(said | done):
                print(f'note: {where}: its zh: comment {ec.text.strip()[3:].strip()!r} looks like another message\'s')
    print(f'{total} messages, {len(problems)} problems')
    for p in problems:
        print('  ' + p)
    return not problems


def main(argv):
    if not argv or argv[0] in ('-h', '--help'):
        print(__doc__)
        return 0 if argv else 2
    if len(argv) >= 2 and argv[0] == '--check':
        return 0 if check(argv[1]) else 1
    table = json.load(open(argv[1], encoding='utf-8')) if len(argv) > 1 else {}
    ok = fill(argv[0], table)
    return 0 if check(argv[0]) and ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
