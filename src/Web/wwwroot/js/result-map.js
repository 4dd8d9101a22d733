// The map of a browse page: Leaflet with clustered markers, one per item with coordinates, kept in step with live
// changes. Popups are built from DOM nodes with textContent, so item text is never parsed as HTML. Without tiles
// (offline, blocked) the markers, popups and the list beside the map still work. On a phone, MapSheet brings the map
// to where the visitor is.

import { replay } from './fields.js';

const FOCUS_ZOOM = 15;
// site.css's phone layout, where the map sits above the list instead of beside it.
const PHONE = '(max-width: 760px)';

export class ResultMap {
  #map;
  #cluster;
  #markers = new Map();
  #element;
  #config;
  #detailUrl;
  #onSelect;
  #notice;
  #here;

  /** `noun` names the items in the plural ("jobs"), for the clusters' names. */
  constructor(element, config, detailUrl, noun, onSelect) {
    const L = window.L;
    this.#element = element;
    this.#config = config;
    this.#detailUrl = detailUrl;
    this.#onSelect = onSelect;
    this.#notice = element.parentElement.querySelector('[data-map-notice]');

    this.#map = L.map(element, { worldCopyJump: true, zoomControl: true });
    if (config.tileUrl) {
      const tiles = L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: config.maxZoom });
      tiles.once('tileerror', () => {
        this.#say('Map tiles could not be loaded; showing country outlines. The markers still work.');
        this.#drawBasemap();
      });
      tiles.addTo(this.#map);
    } else {
      this.#drawBasemap();
    }

    // Leaflet makes every marker icon a button; a cluster's count alone would name it "12".
    const ClusterIcon = L.DivIcon.extend({
      createIcon(old) {
        const icon = L.DivIcon.prototype.createIcon.call(this, old);
        icon.setAttribute('aria-label', this.options.label);
        return icon;
      },
    });
    this.#cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      iconCreateFunction: cluster => {
        const count = cluster.getChildCount();
        const shown = document.createElement('span');
        shown.textContent = String(count);
        return new ClusterIcon({ html: shown, className: 'map-cluster', iconSize: [38, 38], label: `${count} ${noun} in this area, zoom in` });
      },
    });
    this.#map.addLayer(this.#cluster);
    this.#cluster.addLayers(config.points.map(point => this.#marker(point)));
    this.#updateCount();

    if (config.points.length > 0) {
      this.#map.fitBounds(L.latLngBounds(config.points.map(p => [p.lat, p.lng])), { padding: [24, 24], maxZoom: 12 });
    } else {
      this.#map.setView([30, 0], 2);
    }
  }

  has(id) { return this.#markers.has(id); }

  /**
   * Adds, moves or refreshes the item's marker (pulsing a known one unless `changed` is false); an item without
   * coordinates loses its marker.
   */
  upsert(item, changed = true) {
    const point = this.#pointOf(item);
    if (!point) {
      this.remove(item.id);
      return;
    }
    const marker = this.#markers.get(item.id);
    if (!marker) {
      this.#cluster.addLayer(this.#marker(point));
      this.#updateCount();
      return;
    }
    marker.point = point;
    marker.options.title = point.title;
    // markercluster re-clusters a marker that moves; one that stays keeps its place (and its open popup).
    if (!marker.getLatLng().equals([point.lat, point.lng])) marker.setLatLng([point.lat, point.lng]);
    if (marker.isPopupOpen()) marker.setPopupContent(this.#popup(point));
    const icon = marker.getElement();
    if (icon) icon.title = point.title;
    if (icon && changed) replay(icon, 'live-pulse');
  }

  /** Adds a marker for an item the map does not know yet (from the browse API); known markers are left alone. */
  addMissing(item) {
    if (!this.#markers.has(item.id)) this.upsert(item);
  }

  remove(id) {
    const marker = this.#markers.get(id);
    if (!marker) return;
    this.#cluster.removeLayer(marker);
    this.#markers.delete(id);
    this.#updateCount();
  }

  /**
   * Centres the item's marker at street level and opens its popup; if it still shares a cluster there (items at the
   * same address), the cluster fans out first. (markercluster's zoomToShowLayer never calls back for such markers.)
   */
  focus(id) {
    const marker = this.#markers.get(id);
    if (!marker) return;
    let opened = false;
    const open = () => {
      if (opened) return;
      opened = true;
      const shown = this.#cluster.getVisibleParent(marker);
      if (shown === marker) {
        marker.openPopup();
      } else if (shown) {
        this.#cluster.once('spiderfied', () => marker.openPopup());
        shown.spiderfy();
      }
    };
    const zoom = Math.max(this.#map.getZoom(), FOCUS_ZOOM);
    const zooming = zoom !== this.#map.getZoom();
    if (zooming) {
      // The clusters re-form after a zoom, asynchronously; wait for them (at most briefly).
      this.#cluster.once('animationend', open);
      setTimeout(open, 600);
    }
    this.#map.setView(marker.getLatLng(), zoom, { animate: false });
    if (!zooming) open();
  }

  /** Tells Leaflet that the map changed size (it only watches the window's). */
  resize() { this.#map.invalidateSize(); }

  /** Centres the map on the visitor's position (the browser asks for permission first). */
  locate(button) {
    if (!('geolocation' in navigator)) {
      this.#say('Your browser cannot tell where you are.');
      return;
    }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      position => {
        button.disabled = false;
        const here = [position.coords.latitude, position.coords.longitude];
        this.#here?.remove();
        this.#here = window.L.circleMarker(here, { radius: 8, className: 'map-here' }).addTo(this.#map).bindTooltip('You are here');
        this.#map.setView(here, 10);
        this.#say('Centred on your position.');
      },
      () => {
        button.disabled = false;
        this.#say('Your position is not available; allow location access to use “Near me”.');
      },
      { timeout: 10000, maximumAge: 60000 });
  }

  #pointOf(item) {
    const lat = item.latitude;
    const lng = item.longitude;
    if (typeof lat !== 'number' || typeof lng !== 'number') return null;
    const { title, subtitle, place } = this.#config;
    return { id: item.id, lat, lng, title: item[title] ?? '', subtitle: subtitle ? item[subtitle] : null, place: place ? item[place] : null };
  }

  #marker(point) {
    const L = window.L;
    const marker = L.marker([point.lat, point.lng], {
      title: point.title,
      icon: L.divIcon({ className: 'map-pin', iconSize: [26, 34], iconAnchor: [13, 34], popupAnchor: [0, -30] }),
    });
    marker.point = point;
    marker.bindPopup(layer => this.#popup(layer.point));
    marker.on('popupopen', () => this.#onSelect(marker.point.id));
    this.#markers.set(point.id, marker);
    return marker;
  }

  #popup(point) {
    const box = document.createElement('div');
    box.className = 'map-popup';
    const link = document.createElement('a');
    link.href = this.#detailUrl.replace('{id}', encodeURIComponent(point.id));
    link.textContent = point.title;
    const heading = document.createElement('strong');
    heading.append(link);
    box.append(heading);
    for (const text of [point.subtitle, point.place]) {
      if (!text) continue;
      const line = document.createElement('span');
      line.textContent = text;
      box.append(line);
    }
    return box;
  }

  #updateCount() {
    this.#element.dataset.markers = String(this.#markers.size);
  }

  /** Country outlines beneath the markers, from the npm package world-atlas (Natural Earth), served with the pages. */
  async #drawBasemap() {
    if (this.#element.classList.contains('map--outlines')) return;
    this.#element.classList.add('map--outlines');
    try {
      const response = await fetch(import.meta.resolve('/_content/Zumodra.Web/lib/world-atlas/countries-110m.json'));
      const world = await response.json();
      const countries = window.topojson.feature(world, world.objects.countries);
      for (const { geometry } of countries.features) {
        const polygons = geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.coordinates ?? [];
        for (const ring of polygons.flat()) unwrapLongitudes(ring);
      }
      window.L.geoJSON(countries, { interactive: false, className: 'map-country' }).addTo(this.#map);
    } catch {
      // Without outlines the markers still work on the plain background.
    }
  }

  #say(text) {
    if (!this.#notice) return;
    this.#notice.textContent = text;
    this.#notice.hidden = false;
  }
}

/**
 * On a phone the map is above the list, out of sight once the visitor has scrolled down it: showing an item on the
 * map lifts the map into a sheet over the lower part of the screen, where the visitor is. "Close map" or Escape puts
 * it back and gives focus back to the button that opened it.
 */
export class MapSheet {
  #panel;
  #close;
  #resized;
  #opener = null;
  #phone = window.matchMedia(PHONE);

  /** `resized` runs whenever the sheet opens or closes, so that the map can follow its new size. */
  constructor(panel, resized) {
    this.#panel = panel;
    this.#resized = resized;
    this.#close = panel.querySelector('[data-map-close]');
    this.#close.addEventListener('click', () => this.close());
    panel.addEventListener('keydown', event => {
      if (event.key !== 'Escape' || !this.#isOpen()) return;
      event.preventDefault();
      this.close();
    });
    // A phone turned sideways may reach the layout with the map beside the list.
    this.#phone.addEventListener('change', () => this.close());
  }

  /** Opens the sheet on a phone (elsewhere the map is beside the list already) and moves focus into it. */
  open(opener) {
    if (!this.#phone.matches) return;
    this.#opener = opener;
    if (!this.#isOpen()) {
      this.#panel.classList.add('is-sheet');
      this.#close.hidden = false;
      this.#resized();
    }
    this.#close.focus({ preventScroll: true });
  }

  close() {
    if (!this.#isOpen()) return;
    this.#panel.classList.remove('is-sheet');
    this.#close.hidden = true;
    this.#resized();
    this.#opener?.focus();
    this.#opener = null;
  }

  #isOpen() { return this.#panel.classList.contains('is-sheet'); }
}

/**
 * Makes a ring that crosses the antimeridian (Russia, Fiji) run on past ±180° instead of jumping back across the
 * world: Leaflet draws on a flat map, where the jump would be a line across every country.
 */
function unwrapLongitudes(ring) {
  for (let i = 1; i < ring.length; i++) {
    let longitude = ring[i][0];
    const previous = ring[i - 1][0];
    while (longitude - previous > 180) longitude -= 360;
    while (longitude - previous < -180) longitude += 360;
    ring[i] = [longitude, ring[i][1]];
  }
}
