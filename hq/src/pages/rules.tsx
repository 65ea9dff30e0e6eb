import { Tabs } from 'antd';
import { KINDS } from './rules/rule-kinds';
import { RuleTab } from './rules/rule-tab';

export default function Rules() {
  return (
    <Tabs
      items={KINDS.map((config) => ({ key: config.kind, label: config.title, children: <RuleTab config={config} /> }))}
    />
  );
}
