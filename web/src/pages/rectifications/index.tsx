import { RectificationList } from './components/RectificationList.js';

/** 整改台账: the unit's own rectifications (its subtree), to report each one fixed. */
export default function UnitRectificationsPage() {
  return <RectificationList title="menu.rectifications" cityWide={false} />;
}
