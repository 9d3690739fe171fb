/**
 * Where the problem is: the phone's own location, a point picked on the map (WeChat only: H5 has
 * no map picker without a map key), or an address typed in. A signboard's QR code fills the
 * place in advance. Any of the three is enough; all of them are optional.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { ReportForm } from '../../domain/report-form';
import type { Signboard } from '../../domain/signboard';
import './index.scss';

type PlaceFields = Pick<ReportForm, 'address' | 'point' | 'waterBody' | 'regionCode'>;

export interface PlacePickerProps {
  place: PlaceFields;
  onChange: (patch: Partial<PlaceFields>) => void;
  addressError?: string;
  /** The scanned signboard, once loaded. */
  signboard?: Signboard;
  /** Why the scanned signboard could not be shown. */
  signboardError?: string;
}

/**
 * WeChat's own coordinates (GCJ-02, what its maps and chooseLocation use); Taro's H5 getLocation
 * refuses anything but the browser's GPS coordinates (WGS-84).
 */
const LOCATION_TYPE = process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02';

const SOURCE_TEXT = {
  device: '您现在的位置',
  picked: '您在地图上选的位置',
  signboard: '公示牌所在的位置',
} as const;

const isCancel = (error: unknown) =>
  /cancel/i.test(String((error as { errMsg?: string } | undefined)?.errMsg ?? ''));
const isDenied = (error: unknown) =>
  /auth|deny|denied|permission/i.test(String((error as { errMsg?: string } | undefined)?.errMsg ?? ''));

function locationFailure(error: unknown): string {
  return isDenied(error)
    ? '没有得到位置权限。您可以点右上角“…”→“设置”打开位置权限，或者直接在下面填写地址。'
    : '没能取得位置，请确认手机的定位已打开，或者直接在下面填写地址。';
}

export default function PlacePicker({
  place,
  onChange,
  addressError,
  signboard,
  signboardError,
}: PlacePickerProps) {
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState('');
  const canPickOnMap = process.env.TARO_ENV === 'weapp';

  async function locateMe() {
    if (locating) return;
    setLocating(true);
    setFailure('');
    try {
      const { latitude, longitude } = await Taro.getLocation({ type: LOCATION_TYPE });
      onChange({ point: { latitude, longitude, source: 'device' } });
    } catch (error) {
      setFailure(locationFailure(error));
    } finally {
      setLocating(false);
    }
  }

  async function pickOnMap() {
    setFailure('');
    try {
      const picked = await Taro.chooseLocation({});
      const address = [picked.address, picked.name].filter(Boolean).join(' ').trim();
      onChange({
        point: { latitude: picked.latitude, longitude: picked.longitude, source: 'picked' },
        ...(address ? { address } : {}),
      });
    } catch (error) {
      if (!isCancel(error)) setFailure(locationFailure(error));
    }
  }

  return (
    <View className='place-picker'>
      <Text className='place-picker__label'>问题所在地点（选填）</Text>
      {signboard && (
        <View id='signboard-info' className='place-picker__signboard'>
          <Text>
            您扫的是{signboard.county}
            {signboard.river}的河湖长公示牌，地点已按公示牌填好，您可以修改。
          </Text>
        </View>
      )}
      {signboardError && <Text className='muted'>{signboardError}</Text>}
      {place.point && (
        <View id='place-point' className='place-picker__point'>
          <Text>
            已记下{SOURCE_TEXT[place.point.source]}（北纬{place.point.latitude.toFixed(4)}，东经
            {place.point.longitude.toFixed(4)}）
          </Text>
          <Text
            id='clear-location'
            className='place-picker__clear'
            onClick={() => onChange({ point: undefined })}
          >
            不用这个位置
          </Text>
        </View>
      )}
      <Button
        id='use-location'
        className='secondary-button'
        disabled={locating}
        onClick={() => void locateMe()}
      >
        {locating ? '正在获取位置…' : '使用我现在的位置'}
      </Button>
      {canPickOnMap && (
        <Button id='choose-location' className='secondary-button' onClick={() => void pickOnMap()}>
          在地图上选择地点
        </Button>
      )}
      {failure && <Text className='error-text'>{failure}</Text>}
      <Text className='place-picker__hint'>也可以直接写地址：</Text>
      <Input
        id='address'
        className='place-picker__input'
        value={place.address}
        placeholder='例如：某县某镇某村，某河段东岸'
        onInput={(e) => onChange({ address: e.detail.value })}
      />
      {addressError && <Text className='error-text'>{addressError}</Text>}
    </View>
  );
}
