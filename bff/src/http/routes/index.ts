import type { AnyRoute } from '../route';
import { healthRoutes } from './health';

/** Every API route. Each domain adds its list here. */
export const allRoutes: AnyRoute[] = [...healthRoutes];
