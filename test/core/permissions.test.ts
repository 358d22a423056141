import { expect } from '@open-wc/testing';
import { KNOWN_ROLES, PRODUCTS } from '../../src/core/viewer.js';
import { canManageChannels, defaultPermissionPolicy } from '../../src/permissions/policy.js';

describe('permission policy', () => {
  // The product rule, written out in full: CAAC lets only the Owner and Primary admins manage; MAAC everyone.
  const table: Record<(typeof PRODUCTS)[number], Record<(typeof KNOWN_ROLES)[number], boolean>> = {
    caac: { owner: true, primary_admin: true, admin: false, agent: false, editor: false, viewer: false },
    maac: { owner: true, primary_admin: true, admin: true, agent: true, editor: true, viewer: true },
  };

  for (const product of PRODUCTS) {
    for (const role of KNOWN_ROLES) {
      it(`${product} ${role}: ${table[product][role] ? 'may' : 'may not'} manage`, () => {
        expect(canManageChannels({ product, role })).to.equal(table[product][role]);
      });
    }
  }

  it('treats a role it does not know as not a manager in CAAC', () => {
    expect(defaultPermissionPolicy({ product: 'caac', role: 'supervisor' })).to.equal(false);
    expect(defaultPermissionPolicy({ product: 'maac', role: 'supervisor' })).to.equal(true);
  });

  it('says no without a viewer', () => {
    expect(canManageChannels(null)).to.equal(false);
    expect(canManageChannels(undefined)).to.equal(false);
  });

  it('lets a host replace the rule', () => {
    const onlyAdmins = (viewer: { role: string }) => viewer.role === 'admin';
    expect(canManageChannels({ product: 'caac', role: 'admin' }, onlyAdmins)).to.equal(true);
    expect(canManageChannels({ product: 'maac', role: 'owner' }, onlyAdmins)).to.equal(false);
  });
});
