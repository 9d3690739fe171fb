/**
 * The case's photos. Each is fetched with the staff token into a local file first: the photo
 * route needs the login, and an image tag cannot send it.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { loadPhoto } from '../../../../api/staff-api';
import type { StaffCasePhoto } from '../../../../domain/staff-case';

export default function CasePhotos({ photos }: { photos: readonly StaffCasePhoto[] }) {
  const [files, setFiles] = useState<string[]>([]);
  const [failed, setFailed] = useState(0);

  useEffect(() => {
    let current = true;
    void Promise.allSettled(photos.map((photo) => loadPhoto(photo.url))).then((results) => {
      if (!current) return;
      setFiles(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
      setFailed(results.filter((result) => result.status === 'rejected').length);
    });
    return () => {
      current = false;
    };
  }, [photos]);

  if (photos.length === 0) return null;
  return (
    <View>
      <View className='case-photos'>
        {files.map((file) => (
          <Image
            key={file}
            className='case-photo'
            src={file}
            mode='aspectFill'
            onClick={() => void Taro.previewImage({ urls: files, current: file })}
          />
        ))}
      </View>
      {files.length + failed < photos.length && <Text className='muted'>照片正在加载…</Text>}
      {failed > 0 && <Text className='muted'>有{failed}张照片暂时打不开。</Text>}
    </View>
  );
}
