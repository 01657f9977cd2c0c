import { RectificationList } from './components/RectificationList.js';

/** 全市整改: every unit's rectifications for the committee, with directives and acceptance. */
export default function CityRectificationsPage() {
  return <RectificationList title="menu.rectifications.city" cityWide />;
}
