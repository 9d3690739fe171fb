/**
 * Up to 9 photos for a report: chosen from the album or the camera, shown as thumbnails, and
 * uploaded one after another as soon as they are chosen, so the submit itself stays quick. A
 * photo that did not go up stays with its reason and a "重试" button. The list lives in the form
 * (`photos`, `onChange` takes an updater, as React's setState does) so a failed submit keeps it.
 */
import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { uploadPhoto } from '../../api/photo-upload';
import {
  addPhotos,
  markFailed,
  markProgress,
  markUploaded,
  markUploading,
  MAX_PHOTOS,
  nextToUpload,
  removePhoto,
  retryPhoto,
  uploadProgressText,
  type PickedPhoto,
} from '../../domain/photo-list';
import './index.scss';

export interface PhotoPickerProps {
  photos: PickedPhoto[];
  onChange: (update: (photos: PickedPhoto[]) => PickedPhoto[]) => void;
}

const STATE_TEXT: Record<PickedPhoto['state'], string> = {
  waiting: '等待上传',
  uploading: '正在上传',
  uploaded: '已上传',
  failed: '没传上去',
};

function isCancel(error: unknown): boolean {
  return /cancel/i.test(String((error as { errMsg?: string } | undefined)?.errMsg ?? ''));
}

function PhotoThumb({
  photo,
  index,
  onChange,
}: { photo: PickedPhoto; index: number } & Pick<PhotoPickerProps, 'onChange'>) {
  const stateText =
    photo.state === 'uploading' && photo.percent
      ? `${STATE_TEXT.uploading} ${photo.percent}%`
      : STATE_TEXT[photo.state];
  return (
    <View id={`photo-${index + 1}`} className={`photo-thumb is-${photo.state}`}>
      <Image className='photo-thumb__image' src={photo.path} mode='aspectFill' />
      <Text className='photo-thumb__state'>{stateText}</Text>
      {photo.state === 'failed' && (
        <Button
          id={`retry-photo-${index + 1}`}
          className='photo-thumb__button is-retry'

          onClick={() => onChange((list) => retryPhoto(list, photo.key))}
        >
          重试
        </Button>
      )}
      <Button
        id={`remove-photo-${index + 1}`}
        className='photo-thumb__button'

        onClick={() => onChange((list) => removePhoto(list, photo.key))}
      >
        删除
      </Button>
    </View>
  );
}

export default function PhotoPicker({ photos, onChange }: PhotoPickerProps) {
  const [chooseError, setChooseError] = useState('');
  const room = MAX_PHOTOS - photos.length;
  const progress = uploadProgressText(photos);
  const failed = photos.find((photo) => photo.state === 'failed');

  // One upload at a time: when none is on its way, the next waiting photo goes.
  useEffect(() => {
    const next = nextToUpload(photos);
    if (!next) return;
    onChange((list) => markUploading(list, next.key));
    uploadPhoto(next.path, (percent) => onChange((list) => markProgress(list, next.key, percent)))
      .then((photoId) => onChange((list) => markUploaded(list, next.key, photoId)))
      .catch((error: unknown) =>
        onChange((list) =>
          markFailed(list, next.key, error instanceof Error ? error.message : '照片没有传上去，请点“重试”。'),
        ),
      );
  }, [photos, onChange]);

  async function choose() {
    setChooseError('');
    if (room <= 0) return;
    try {
      const chosen = await Taro.chooseImage({
        count: room,
        sizeType: ['compressed'],
        sourceType: ['album', 'camera'],
      });
      onChange((list) => addPhotos(list, chosen.tempFilePaths));
    } catch (error) {
      if (!isCancel(error)) setChooseError('没能打开相册或相机，请再点一次“添加照片”。');
    }
  }

  return (
    <View className='photo-picker'>
      <Text className='photo-picker__label'>现场照片（选填，最多{MAX_PHOTOS}张）</Text>
      {photos.length > 0 && (
        <View className='photo-picker__grid'>
          {photos.map((photo, index) => (
            <PhotoThumb key={photo.key} photo={photo} index={index} onChange={onChange} />
          ))}
        </View>
      )}
      {progress && (
        <Text id='photo-progress' className='photo-picker__progress'>
          {progress}，请稍候…
        </Text>
      )}
      {failed && <Text className='error-text'>{failed.error}</Text>}
      {chooseError && <Text className='error-text'>{chooseError}</Text>}
      {room > 0 ? (
        <Button id='choose-image' className='secondary-button' onClick={() => void choose()}>
          添加照片（还能加{room}张）
        </Button>
      ) : (
        <Text id='photo-limit' className='muted'>
          已经有{MAX_PHOTOS}张照片了，想换照片请先删除一张。
        </Text>
      )}
    </View>
  );
}
