// TrackVision against a real Directus on SQLite.
import { describeTrackVisionOn } from './trackvision.suite';

describeTrackVisionOn('sqlite');
