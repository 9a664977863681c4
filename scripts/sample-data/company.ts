/** A small e-commerce company: customers, their sessions and funnel events, orders, and one A/B test. */
import { Rng } from './random';

export interface Company {
  customers: Record<string, unknown>[];
  events: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  assignments: Record<string, unknown>[];
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Fatima', 'Georg', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Marta', 'Noah', 'Olga', 'Pierre', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoë'];
const LAST = ['Müller', 'Schmidt', 'García', 'Rossi', 'Dubois', 'Nowak', 'Jansen', 'Silva', 'Kowalski', 'Novak', 'Andersson', 'Horvat', 'Papadopoulos', 'Yılmaz', 'Murphy', 'Smith', 'Kim', 'Okafor'];
const PLACES = [
  ['DE', 'Berlin'], ['DE', 'Munich'], ['FR', 'Paris'], ['FR', 'Lyon'], ['ES', 'Madrid'], ['IT', 'Milan'], ['NL', 'Amsterdam'],
  ['PL', 'Warsaw'], ['SE', 'Stockholm'], ['GB', 'London'], ['GB', 'Manchester'], ['IE', 'Dublin'],
] as const;
const CHANNELS = [['organic', 35], ['paid_search', 25], ['social', 15], ['email', 10], ['referral', 8], ['affiliate', 7]] as const;
const DEVICES = [['mobile', 55], ['desktop', 35], ['tablet', 10]] as const;
const CATEGORIES = [['apparel', 30], ['shoes', 20], ['home', 18], ['beauty', 14], ['electronics', 10], ['sports', 8]] as const;
const PAYMENT = [['card', 60], ['paypal', 25], ['klarna', 10], ['bank_transfer', 5]] as const;
const PRICE: Record<string, number> = { apparel: 35, shoes: 70, home: 45, beauty: 22, electronics: 120, sports: 50 };

const START = Date.UTC(2025, 0, 1);
const END = Date.UTC(2026, 9, 31, 23, 59, 59);
const EXPERIMENT_START = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function generateCompany(seed: number, customerCount: number): Company {
  const rng = new Rng(seed);
  const customers: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  const assignments: Record<string, unknown>[] = [];
  let sessionSeq = 0;
  let eventSeq = 0;
  let orderSeq = 0;

  for (let c = 1; c <= customerCount; c++) {
    const id = `C${String(c).padStart(6, '0')}`;
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const [country, city] = rng.pick(PLACES);
    const signup = START + Math.floor(rng.next() * (END - START - 30 * DAY));
    const channel = rng.weighted(CHANNELS);
    const device = rng.weighted(DEVICES);
    const engagement = rng.logNormal(1, 0.8); // how often this customer comes back
    const tier = engagement > 2.5 ? 'gold' : engagement > 1.2 ? 'silver' : 'bronze';
    customers.push({
      customer_id: id,
      first_name: first,
      last_name: last,
      email: `${first}.${last}.${c}@example.com`.toLowerCase().normalize('NFKD').replace(/[^\x20-\x7e]/g, ''),
      phone: `+${rng.int(30, 49)} ${rng.int(100, 999)} ${rng.int(1000000, 9999999)}`,
      gender: rng.weighted([['female', 48], ['male', 48], ['other', 2], ['', 2]] as const) || null,
      birth_year: rng.int(1950, 2006),
      country,
      city,
      signup_date: iso(signup).slice(0, 10),
      acquisition_channel: channel,
      preferred_device: device,
      loyalty_tier: tier,
      consent_email: rng.chance(0.68),
      consent_sms: rng.chance(0.31),
      consent_tracking: rng.chance(0.82),
    });

    // Experiment: customers active after the start are split 50/50; treatment converts a little better.
    const variant = rng.chance(0.5) ? 'treatment' : 'control';
    const preRevenue = rng.chance(0.45) ? Math.round(rng.logNormal(60, 0.9) * engagement * 100) / 100 : 0;
    const pConvert = Math.min(0.9, 0.09 * (variant === 'treatment' ? 1.12 : 1) * (preRevenue > 0 ? 1.6 : 1));
    const converted = rng.chance(pConvert);
    assignments.push({
      experiment_id: 'checkout_redesign_2026',
      customer_id: id,
      variant,
      assigned_at: iso(EXPERIMENT_START + Math.floor(rng.next() * 30 * DAY)),
      device,
      country,
      converted: converted ? 1 : 0,
      revenue: converted ? Math.round((rng.logNormal(55, 0.6) + 0.35 * preRevenue) * 100) / 100 : 0,
      pre_period_revenue: preRevenue,
    });

    const sessions = Math.max(1, Math.round(rng.logNormal(3, 0.7) * engagement));
    for (let s = 0; s < sessions; s++) {
      const sessionId = `S${String(++sessionSeq).padStart(8, '0')}`;
      let t = signup + Math.floor(rng.next() * (END - signup));
      const sDevice = rng.chance(0.75) ? device : rng.weighted(DEVICES);
      const sChannel = rng.chance(0.5) ? channel : rng.weighted(CHANNELS);
      const category = rng.weighted(CATEGORIES);
      const emit = (type: string, extra: Record<string, unknown> = {}) => {
        events.push({
          event_id: `E${String(++eventSeq).padStart(9, '0')}`,
          session_id: sessionId,
          customer_id: id,
          event_ts: iso(t),
          event_type: type,
          device: sDevice,
          channel: sChannel,
          page: extra.page ?? null,
          product_category: extra.category ?? null,
          revenue: extra.revenue ?? null,
        });
        t += 1000 * Math.floor(rng.logNormal(40, 0.9));
      };
      emit('visit', { page: '/' });
      if (rng.chance(0.04)) emit('support_contact', { page: '/help' });
      if (!rng.chance(0.72)) continue;
      const views = rng.int(1, 5);
      for (let v = 0; v < views; v++) emit('product_view', { page: `/p/${category}/${rng.int(100, 999)}`, category });
      if (!rng.chance(0.34)) continue;
      emit('add_to_cart', { page: '/cart', category });
      if (!rng.chance(0.62)) continue;
      emit('checkout', { page: '/checkout', category });
      if (rng.chance(0.03)) emit('support_contact', { page: '/help/payment' });
      if (!rng.chance(0.7)) continue;
      const items = Array.from({ length: rng.weighted([[1, 60], [2, 25], [3, 10], [4, 5]] as const) }, () => {
        const cat = rng.chance(0.7) ? category : rng.weighted(CATEGORIES);
        const price = Math.round(rng.logNormal(PRICE[cat]!, 0.35) * 100) / 100;
        return { sku: `${cat.slice(0, 3).toUpperCase()}-${rng.int(1000, 9999)}`, category: cat, quantity: rng.weighted([[1, 80], [2, 15], [3, 5]] as const), unit_price: price };
      });
      const gross = items.reduce((sum, i) => sum + i.quantity * i.unit_price, 0);
      const discount = rng.chance(0.2) ? Math.round(gross * rng.pick([0.1, 0.15, 0.2]) * 100) / 100 : 0;
      const revenue = Math.round((gross - discount) * 100) / 100;
      emit('purchase', { page: '/checkout/done', category, revenue });
      orders.push({
        order_id: `O${String(++orderSeq).padStart(8, '0')}`,
        customer_id: id,
        session_id: sessionId,
        order_ts: iso(t),
        status: rng.weighted([['completed', 88], ['returned', 8], ['cancelled', 4]] as const),
        channel: sDevice === 'desktop' ? 'web' : rng.chance(0.6) ? 'app' : 'web',
        payment_method: rng.weighted(PAYMENT),
        currency: 'EUR',
        discount,
        revenue,
        items,
        shipping: { country, city, method: rng.weighted([['standard', 70], ['express', 25], ['pickup', 5]] as const) },
      });
    }
  }
  events.sort((a, b) => (a.event_ts as string).localeCompare(b.event_ts as string) || (a.event_id as string).localeCompare(b.event_id as string));
  orders.sort((a, b) => (a.order_ts as string).localeCompare(b.order_ts as string) || (a.order_id as string).localeCompare(b.order_id as string));
  return { customers, events, orders, assignments };
}
