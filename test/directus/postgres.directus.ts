// TrackVision against a real Directus on Debian's Postgres, in a cluster of its own.
import { describeTrackVisionOn } from './trackvision.suite';

describeTrackVisionOn('postgres');
